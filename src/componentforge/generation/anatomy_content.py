"""The compositions of content and navigation: avatars, alerts, cards, tables, lists, tabs
and choices."""

from __future__ import annotations

from componentforge.generation.anatomy import Anatomy, Content, Slot, items_interface

CONTENT: dict[str, Anatomy] = {
    "shadcn-avatar": Anatomy(
        ("Avatar", "AvatarImage", "AvatarFallback"),
        "React.ComponentProps<typeof Avatar>",
        "<Avatar $ROOT $SURFACE>\n"
        "  <AvatarImage src={src} alt={alt} $IMAGE />\n"
        "  <AvatarFallback $TEXT>{fallback}</AvatarFallback>\n"
        "</Avatar>",
        (
            Content("src", "string | undefined", "undefined", "The image"),
            Content("alt", "string", '"User avatar"', "What the image shows"),
            Content("fallback", "string", '"CN"', "Initials shown while loading or on error"),
        ),
        owns_state=False,
        slots={
            "onLoadingStatusChange": Slot(
                "$IMAGE",
                "onLoadingStatusChange={onLoadingStatusChange}",
                '(status: "idle" | "loading" | "loaded" | "error") => void',
            ),
        },
    ),
    "shadcn-alert": Anatomy(
        ("Alert", "AlertTitle", "AlertDescription"),
        "React.ComponentProps<typeof Alert>",
        "<Alert $ROOT $SURFACE>\n"
        "  {icon}\n"
        "  <AlertTitle $TITLE>{title}</AlertTitle>\n"
        "  {(children ?? description) != null ? (\n"
        "    <AlertDescription $DESCRIPTION>{children ?? description}</AlertDescription>\n"
        "  ) : null}\n"
        "</Alert>",
        (
            Content("icon", "React.ReactNode", "undefined", "An icon before the title"),
            Content("title", "string", '"Heads up!"', "The heading"),
            Content(
                "description",
                "React.ReactNode",
                '"You can add components to your app using the CLI."',
                "The message",
            ),
        ),
        owns_state=False,
        children=True,
        variant_props=("variant",),
    ),
    "shadcn-card": Anatomy(
        ("Card", "CardHeader", "CardTitle", "CardDescription", "CardContent", "CardFooter"),
        "React.ComponentProps<typeof Card>",
        "<Card $ROOT $SURFACE>\n"
        "  <CardHeader $HEADER>\n"
        "    <CardTitle $TITLE>{title}</CardTitle>\n"
        "    {description ? (\n"
        "      <CardDescription $DESCRIPTION>{description}</CardDescription>\n"
        "    ) : null}\n"
        "  </CardHeader>\n"
        "  {children ? <CardContent $BODY>{children}</CardContent> : null}\n"
        "  {actions ? <CardFooter $FOOTER>{actions}</CardFooter> : null}\n"
        "</Card>",
        (
            Content("title", "string", '"Create project"', "The heading"),
            Content("description", "string", '"Deploy your new project in one click."', "Below it"),
            Content("actions", "React.ReactNode", "undefined", "The buttons at the bottom"),
        ),
        owns_state=False,
    ),
    "shadcn-breadcrumb": Anatomy(
        (
            "Breadcrumb",
            "BreadcrumbList",
            "BreadcrumbItem",
            "BreadcrumbLink",
            "BreadcrumbPage",
            "BreadcrumbSeparator",
        ),
        "React.ComponentProps<typeof Breadcrumb>",
        "<Breadcrumb $ROOT $SURFACE>\n"
        "  <BreadcrumbList>\n"
        "    {items.map((item, index) => (\n"
        "      <React.Fragment key={item.value}>\n"
        "        {index > 0 && <BreadcrumbSeparator />}\n"
        "        <BreadcrumbItem>\n"
        "          {index === items.length - 1 ? (\n"
        "            <BreadcrumbPage>{item.label}</BreadcrumbPage>\n"
        "          ) : (\n"
        "            <BreadcrumbLink href={item.value}>{item.label}</BreadcrumbLink>\n"
        "          )}\n"
        "        </BreadcrumbItem>\n"
        "      </React.Fragment>\n"
        "    ))}\n"
        "  </BreadcrumbList>\n"
        "</Breadcrumb>",
        (
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "/", label: "Home" },\n  { value: "/docs", label: "Docs" },\n'
                '  { value: "/docs/button", label: "Button" },\n]',
                "The trail: value is the link, the last item is the current page",
            ),
        ),
        preamble=items_interface(),
        owns_state=False,
        foreign=frozenset({"href", "asChild"}),
    ),
    "shadcn-pagination": Anatomy(
        (
            "Pagination",
            "PaginationContent",
            "PaginationItem",
            "PaginationLink",
            "PaginationPrevious",
            "PaginationNext",
        ),
        "React.ComponentProps<typeof Pagination>",
        "<Pagination $ROOT $SURFACE>\n"
        "  <PaginationContent>\n"
        "    <PaginationItem>\n"
        "      <PaginationPrevious href={hrefFor(Math.max(1, page - 1))} />\n"
        "    </PaginationItem>\n"
        "    {Array.from({ length: pageCount }, (_, index) => index + 1).map((number) => (\n"
        "      <PaginationItem key={number}>\n"
        "        <PaginationLink href={hrefFor(number)} isActive={number === page}>\n"
        "          {number}\n"
        "        </PaginationLink>\n"
        "      </PaginationItem>\n"
        "    ))}\n"
        "    <PaginationItem>\n"
        "      <PaginationNext href={hrefFor(Math.min(pageCount, page + 1))} />\n"
        "    </PaginationItem>\n"
        "  </PaginationContent>\n"
        "</Pagination>",
        (
            Content("page", "number", "1", "The current page, from 1"),
            Content("pageCount", "number", "3", "How many pages there are"),
            Content(
                "hrefFor",
                "(page: number) => string",
                "(n: number) => `?page=${n}`",
                "The link of a page",
            ),
        ),
        owns_state=False,
        foreign=frozenset({"isActive", "href", "size"}),
    ),
    "shadcn-table": Anatomy(
        ("Table", "TableHeader", "TableBody", "TableRow", "TableHead", "TableCell", "TableCaption"),
        "React.ComponentProps<typeof Table>",
        "<Table $ROOT $SURFACE>\n"
        "  <TableCaption>{caption}</TableCaption>\n"
        "  <TableHeader>\n"
        "    <TableRow>\n"
        "      {columns.map((column) => (\n"
        "        <TableHead key={column}>{column}</TableHead>\n"
        "      ))}\n"
        "    </TableRow>\n"
        "  </TableHeader>\n"
        "  <TableBody>\n"
        "    {rows.map((row) => (\n"
        '      <TableRow key={row.join("|")}>\n'
        "        {row.map((cell, index) => (\n"
        "          <TableCell key={columns[index] ?? index}>{cell}</TableCell>\n"
        "        ))}\n"
        "      </TableRow>\n"
        "    ))}\n"
        "  </TableBody>\n"
        "</Table>",
        (
            Content("caption", "string", '"A list of your recent invoices."', "What it lists"),
            Content("columns", "string[]", '["Invoice", "Status", "Amount"]', "Column headings"),
            Content(
                "rows",
                "string[][]",
                '[\n  ["INV001", "Paid", "$250.00"],\n  ["INV002", "Pending", "$150.00"],\n]',
                "One array of cells per row",
            ),
        ),
        owns_state=False,
        foreign=frozenset({"scope"}),
    ),
    "shadcn-accordion": Anatomy(
        ("Accordion", "AccordionItem", "AccordionTrigger", "AccordionContent"),
        'Omit<AccordionSingleProps, "type">',
        '<Accordion type="single" collapsible $ROOT $SURFACE>\n'
        "  {items.map((item) => (\n"
        "    <AccordionItem key={item.value} value={item.value}>\n"
        "      <AccordionTrigger>{item.label}</AccordionTrigger>\n"
        "      <AccordionContent>{item.content}</AccordionContent>\n"
        "    </AccordionItem>\n"
        "  ))}\n"
        "</Accordion>",
        (
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "shipping", label: "Shipping", content: "Ships in 2 days." },\n'
                '  { value: "returns", label: "Returns", content: "30 days, free." },\n]',
                "The sections",
            ),
        ),
        preamble="export interface $NItem {\n  value: string\n  label: string\n"
        "  content: React.ReactNode\n}\n",
        type_imports=('import type { AccordionSingleProps } from "@radix-ui/react-accordion"',),
    ),
    "shadcn-collapsible": Anatomy(
        ("Collapsible", "CollapsibleTrigger", "CollapsibleContent", "Button"),
        "React.ComponentProps<typeof Collapsible>",
        "<Collapsible $ROOT $SURFACE>\n"
        "  <CollapsibleTrigger asChild>\n"
        '    <Button variant="outline">{triggerLabel}</Button>\n'
        "  </CollapsibleTrigger>\n"
        "  <CollapsibleContent>{children}</CollapsibleContent>\n"
        "</Collapsible>",
        (Content("triggerLabel", "string", '"Show more"', "Text of the toggle"),),
    ),
    "shadcn-tabs": Anatomy(
        ("Tabs", "TabsList", "TabsTrigger", "TabsContent"),
        "React.ComponentProps<typeof Tabs>",
        "<Tabs defaultValue={defaultValue} $ROOT>\n"
        "  <TabsList $SURFACE>\n"
        "    {items.map((item) => (\n"
        "      <TabsTrigger key={item.value} value={item.value} $TRIGGER>\n"
        "        {item.label}\n"
        "      </TabsTrigger>\n"
        "    ))}\n"
        "  </TabsList>\n"
        "  {items.map((item) => (\n"
        '    <TabsContent key={item.value} value={item.value} className="empty:hidden">\n'
        "      {item.content}\n"
        "    </TabsContent>\n"
        "  ))}\n"
        "</Tabs>",
        (
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "account", label: "Account", content: "Your account." },\n'
                '  { value: "password", label: "Password", content: "Change it here." },\n]',
                "The tabs and their panels",
            ),
            Content("defaultValue", "string", '"account"', "The tab selected at first"),
        ),
        preamble="export interface $NItem {\n  value: string\n  label: string\n"
        "  content: React.ReactNode\n}\n",
    ),
    "shadcn-radio-group": Anatomy(
        ("RadioGroup", "RadioGroupItem", "Label"),
        "React.ComponentProps<typeof RadioGroup>",
        "<RadioGroup aria-label={label} $ROOT $SURFACE>\n"
        "  {items.map((item) => (\n"
        '    <div key={item.value} className="flex items-center gap-2">\n'
        "      <RadioGroupItem id={`${inputId}-${item.value}`} value={item.value} />\n"
        "      <Label htmlFor={`${inputId}-${item.value}`}>{item.label}</Label>\n"
        "    </div>\n"
        "  ))}\n"
        "</RadioGroup>",
        (
            Content("label", "string", '"Plan"', "The group's accessible name"),
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "free", label: "Free" },\n  { value: "pro", label: "Pro" },\n]',
                "The choices",
            ),
        ),
        preamble=items_interface(),
    ),
    "shadcn-select": Anatomy(
        ("Select", "SelectTrigger", "SelectValue", "SelectContent", "SelectItem"),
        "React.ComponentProps<typeof Select>",
        "<Select defaultValue={defaultValue} $ROOT>\n"
        "  <SelectTrigger aria-label={label} $SURFACE>\n"
        "    <SelectValue placeholder={placeholder} />\n"
        "  </SelectTrigger>\n"
        "  <SelectContent>\n"
        "    {items.map((item) => (\n"
        "      <SelectItem key={item.value} value={item.value}>\n"
        "        {item.label}\n"
        "      </SelectItem>\n"
        "    ))}\n"
        "  </SelectContent>\n"
        "</Select>",
        (
            Content("label", "string", '"Fruit"', "The accessible name"),
            Content("placeholder", "string", '"Select a fruit"', "Shown before a choice"),
            Content("defaultValue", "string | undefined", "undefined", "The option at first"),
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "apple", label: "Apple" },\n'
                '  { value: "banana", label: "Banana" },\n]',
                "The options",
            ),
        ),
        preamble=items_interface(),
        dom_root=False,
    ),
}
