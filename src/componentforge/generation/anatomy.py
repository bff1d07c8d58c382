"""How each pattern is composed into a ready-to-use component: which of its exports are used, the
props the rest spread goes to, the content a user fills in, and the JSX.

In `jsx`, `$ROOT` marks the element that takes the rest props and the wiring, `$SURFACE` the
element that carries the tokens (className and the scoped theme); they may be the same element.
`$N` is the generated component's name (in `preamble`, `content` types and defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Content:
    """A prop the composition renders (a label, a title, a list of items), with its default."""

    name: str
    type: str
    default: str
    doc: str


@dataclass(frozen=True)
class Slot:
    marker: str  # $SURFACE, or a marker of its own in the JSX
    attribute: str  # JSX attribute, using the prop's name
    type: str
    default: str | None = None


@dataclass(frozen=True)
class Anatomy:
    imports: tuple[str, ...]
    base: str  # the props type of the $ROOT element
    jsx: str
    content: tuple[Content, ...] = ()
    preamble: str = ""
    type_imports: tuple[str, ...] = ()  # extra `import ...` lines (types from primitives)
    owns_state: bool = True  # the root renders data-state itself (Radix); we must not override
    children: bool = False  # `children` replaces the main label when given
    variant_props: tuple[str, ...] = field(default=())  # cva variant props the root takes
    dom_root: bool = True  # the root renders a DOM element (takes DOM events and attributes)
    # Pattern props and events that belong to another part than the root: name → where they go.
    slots: dict[str, Slot] = field(default_factory=dict)
    a11y_marker: str = "$SURFACE"  # where requested ARIA attributes go
    foreign: frozenset[str] = frozenset()  # pattern props and events of other parts


def _items(kind: str = "Item") -> str:
    return f"export interface $N{kind} {{\n  value: string\n  label: string\n}}\n"


LABEL = Content("label", "React.ReactNode", '"Continue"', "The visible text")
TITLE = Content("title", "string", '"Are you sure?"', "The heading")
DESCRIPTION = Content(
    "description", "string", '"This action cannot be undone."', "The supporting text"
)
TRIGGER = Content("triggerLabel", "string", '"Open"', "Text of the button that opens it")

ANATOMIES: dict[str, Anatomy] = {
    "shadcn-button": Anatomy(
        ("Button",),
        "React.ComponentProps<typeof Button>",
        "<Button $ROOT $SURFACE>{children ?? label}</Button>",
        (LABEL,),
        owns_state=False,
        children=True,
        variant_props=("variant", "size"),
    ),
    "shadcn-badge": Anatomy(
        ("Badge",),
        "React.ComponentProps<typeof Badge>",
        "<Badge $ROOT $SURFACE>{children ?? label}</Badge>",
        (Content("label", "React.ReactNode", '"New"', "The visible text"),),
        owns_state=False,
        children=True,
        variant_props=("variant",),
    ),
    "shadcn-input": Anatomy(
        ("Input", "Label"),
        "React.ComponentProps<typeof Input>",
        '<div className="grid gap-1.5">\n'
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "  <Input id={inputId} $ROOT $SURFACE />\n"
        "</div>",
        (Content("label", "string", '"Email"', "The field's visible label"),),
        owns_state=False,
    ),
    "shadcn-textarea": Anatomy(
        ("Textarea", "Label"),
        "React.ComponentProps<typeof Textarea>",
        '<div className="grid gap-1.5">\n'
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "  <Textarea id={inputId} $ROOT $SURFACE />\n"
        "</div>",
        (Content("label", "string", '"Message"', "The field's visible label"),),
        owns_state=False,
    ),
    "shadcn-label": Anatomy(
        ("Label",),
        "React.ComponentProps<typeof Label>",
        "<Label $ROOT $SURFACE>{children ?? label}</Label>",
        (Content("label", "React.ReactNode", '"Name"', "The visible text"),),
        owns_state=False,
        children=True,
    ),
    "shadcn-checkbox": Anatomy(
        ("Checkbox", "Label"),
        "React.ComponentProps<typeof Checkbox>",
        '<div className="flex items-center gap-2">\n'
        "  <Checkbox id={inputId} $ROOT $SURFACE />\n"
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "</div>",
        (Content("label", "string", '"Accept terms and conditions"', "The visible label"),),
    ),
    "shadcn-switch": Anatomy(
        ("Switch", "Label"),
        "React.ComponentProps<typeof Switch>",
        '<div className="flex items-center gap-2">\n'
        "  <Switch id={inputId} $ROOT $SURFACE />\n"
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "</div>",
        (Content("label", "string", '"Airplane mode"', "The visible label"),),
    ),
    "shadcn-toggle": Anatomy(
        ("Toggle",),
        "React.ComponentProps<typeof Toggle>",
        "<Toggle $ROOT $SURFACE>{children ?? label}</Toggle>",
        (Content("label", "React.ReactNode", '"Bold"', "The visible text"),),
        children=True,
        variant_props=("variant", "size"),
    ),
    "shadcn-slider": Anatomy(
        ("Slider",),
        "React.ComponentProps<typeof Slider>",
        # The root is a plain span (no role may be named), so a group carries the name.
        '<div role="group" aria-label={label} $GROUP>\n  <Slider $ROOT $SURFACE />\n</div>',
        (Content("label", "string", '"Volume"', "The accessible name"),),
        a11y_marker="$GROUP",
    ),
    "shadcn-progress": Anatomy(
        ("Progress",),
        "React.ComponentProps<typeof Progress>",
        "<Progress aria-label={label} $ROOT $SURFACE />",
        (Content("label", "string", '"Upload progress"', "The accessible name"),),
    ),
    "shadcn-separator": Anatomy(
        ("Separator",),
        "React.ComponentProps<typeof Separator>",
        "<Separator $ROOT $SURFACE />",
        owns_state=False,
    ),
    "shadcn-skeleton": Anatomy(
        ("Skeleton",),
        "React.ComponentProps<typeof Skeleton>",
        "<Skeleton $ROOT $SURFACE />",
        owns_state=False,
    ),
    "shadcn-avatar": Anatomy(
        ("Avatar", "AvatarImage", "AvatarFallback"),
        "React.ComponentProps<typeof Avatar>",
        "<Avatar $ROOT $SURFACE>\n"
        "  <AvatarImage src={src} alt={alt} $IMAGE />\n"
        "  <AvatarFallback>{fallback}</AvatarFallback>\n"
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
        "  <AlertTitle>{title}</AlertTitle>\n"
        "  <AlertDescription>{children ?? description}</AlertDescription>\n"
        "</Alert>",
        (
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
        ("Card", "CardHeader", "CardTitle", "CardDescription", "CardContent"),
        "React.ComponentProps<typeof Card>",
        "<Card $ROOT $SURFACE>\n"
        "  <CardHeader>\n"
        "    <CardTitle>{title}</CardTitle>\n"
        "    <CardDescription>{description}</CardDescription>\n"
        "  </CardHeader>\n"
        "  <CardContent>{children}</CardContent>\n"
        "</Card>",
        (
            Content("title", "string", '"Create project"', "The heading"),
            Content("description", "string", '"Deploy your new project in one click."', "Below it"),
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
        preamble=_items(),
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
        "<Tabs $ROOT $SURFACE>\n"
        "  <TabsList>\n"
        "    {items.map((item) => (\n"
        "      <TabsTrigger key={item.value} value={item.value}>\n"
        "        {item.label}\n"
        "      </TabsTrigger>\n"
        "    ))}\n"
        "  </TabsList>\n"
        "  {items.map((item) => (\n"
        "    <TabsContent key={item.value} value={item.value}>\n"
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
        preamble=_items(),
    ),
    "shadcn-select": Anatomy(
        ("Select", "SelectTrigger", "SelectValue", "SelectContent", "SelectItem"),
        "React.ComponentProps<typeof Select>",
        "<Select $ROOT>\n"
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
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "apple", label: "Apple" },\n'
                '  { value: "banana", label: "Banana" },\n]',
                "The options",
            ),
        ),
        preamble=_items(),
        dom_root=False,
    ),
    "shadcn-dialog": Anatomy(
        (
            "Dialog",
            "DialogTrigger",
            "DialogContent",
            "DialogHeader",
            "DialogTitle",
            "DialogDescription",
            "Button",
        ),
        "React.ComponentProps<typeof Dialog>",
        "<Dialog $ROOT>\n"
        "  <DialogTrigger asChild>\n"
        '    <Button variant="outline">{triggerLabel}</Button>\n'
        "  </DialogTrigger>\n"
        "  <DialogContent $SURFACE>\n"
        "    <DialogHeader>\n"
        "      <DialogTitle>{title}</DialogTitle>\n"
        "      <DialogDescription>{description}</DialogDescription>\n"
        "    </DialogHeader>\n"
        "    {children}\n"
        "  </DialogContent>\n"
        "</Dialog>",
        (
            TRIGGER,
            Content("title", "string", '"Edit profile"', "The heading"),
            Content("description", "string", '"Make changes to your profile."', "Below it"),
        ),
        dom_root=False,
        slots={
            "onEscapeKeyDown": Slot(
                "$SURFACE", "onEscapeKeyDown={onEscapeKeyDown}", "(event: KeyboardEvent) => void"
            ),
            "showCloseButton": Slot(
                "$SURFACE", "showCloseButton={showCloseButton}", "boolean", "true"
            ),
        },
    ),
    "shadcn-sheet": Anatomy(
        (
            "Sheet",
            "SheetTrigger",
            "SheetContent",
            "SheetHeader",
            "SheetTitle",
            "SheetDescription",
            "Button",
        ),
        "React.ComponentProps<typeof Sheet>",
        "<Sheet $ROOT>\n"
        "  <SheetTrigger asChild>\n"
        '    <Button variant="outline">{triggerLabel}</Button>\n'
        "  </SheetTrigger>\n"
        "  <SheetContent side={side} $SURFACE>\n"
        "    <SheetHeader>\n"
        "      <SheetTitle>{title}</SheetTitle>\n"
        "      <SheetDescription>{description}</SheetDescription>\n"
        "    </SheetHeader>\n"
        "    {children}\n"
        "  </SheetContent>\n"
        "</Sheet>",
        (
            TRIGGER,
            Content("title", "string", '"Settings"', "The heading"),
            Content("description", "string", '"Changes are saved as you go."', "Below it"),
            Content(
                "side", '"top" | "right" | "bottom" | "left"', '"right"', "The edge it slides from"
            ),
        ),
        dom_root=False,
    ),
    "shadcn-alert-dialog": Anatomy(
        (
            "AlertDialog",
            "AlertDialogTrigger",
            "AlertDialogContent",
            "AlertDialogHeader",
            "AlertDialogFooter",
            "AlertDialogTitle",
            "AlertDialogDescription",
            "AlertDialogAction",
            "AlertDialogCancel",
            "Button",
        ),
        "React.ComponentProps<typeof AlertDialog>",
        "<AlertDialog $ROOT>\n"
        "  <AlertDialogTrigger asChild>\n"
        '    <Button variant="outline">{triggerLabel}</Button>\n'
        "  </AlertDialogTrigger>\n"
        "  <AlertDialogContent $SURFACE>\n"
        "    <AlertDialogHeader>\n"
        "      <AlertDialogTitle>{title}</AlertDialogTitle>\n"
        "      <AlertDialogDescription>{description}</AlertDialogDescription>\n"
        "    </AlertDialogHeader>\n"
        "    <AlertDialogFooter>\n"
        "      <AlertDialogCancel $CANCEL>{cancelLabel}</AlertDialogCancel>\n"
        "      <AlertDialogAction $ACTION>{actionLabel}</AlertDialogAction>\n"
        "    </AlertDialogFooter>\n"
        "  </AlertDialogContent>\n"
        "</AlertDialog>",
        (
            Content("triggerLabel", "string", '"Delete account"', "Text of the opening button"),
            TITLE,
            DESCRIPTION,
            Content("actionLabel", "string", '"Continue"', "The confirming button"),
            Content("cancelLabel", "string", '"Cancel"', "The dismissing button"),
        ),
        dom_root=False,
        slots={
            "onAction": Slot("$ACTION", "onClick={() => onAction?.()}", "() => void"),
            "onCancel": Slot("$CANCEL", "onClick={() => onCancel?.()}", "() => void"),
        },
    ),
    "shadcn-popover": Anatomy(
        ("Popover", "PopoverTrigger", "PopoverContent", "Button"),
        "React.ComponentProps<typeof Popover>",
        "<Popover $ROOT>\n"
        "  <PopoverTrigger asChild>\n"
        '    <Button variant="outline">{triggerLabel}</Button>\n'
        "  </PopoverTrigger>\n"
        "  <PopoverContent $SURFACE>{children}</PopoverContent>\n"
        "</Popover>",
        (TRIGGER,),
        dom_root=False,
        slots={
            "align": Slot("$SURFACE", "align={align}", '"start" | "center" | "end"', '"center"'),
            "sideOffset": Slot("$SURFACE", "sideOffset={sideOffset}", "number", "4"),
        },
    ),
    "shadcn-hover-card": Anatomy(
        ("HoverCard", "HoverCardTrigger", "HoverCardContent", "Button"),
        "React.ComponentProps<typeof HoverCard>",
        "<HoverCard $ROOT>\n"
        "  <HoverCardTrigger asChild>\n"
        '    <Button variant="link">{triggerLabel}</Button>\n'
        "  </HoverCardTrigger>\n"
        "  <HoverCardContent $SURFACE>{children}</HoverCardContent>\n"
        "</HoverCard>",
        (Content("triggerLabel", "string", '"@nextjs"', "The text that shows the card"),),
        dom_root=False,
    ),
    "shadcn-tooltip": Anatomy(
        ("Tooltip", "TooltipTrigger", "TooltipContent", "Button"),
        "React.ComponentProps<typeof Tooltip>",
        "<Tooltip $ROOT>\n"
        "  <TooltipTrigger asChild>\n"
        '    <Button variant="outline">{triggerLabel}</Button>\n'
        "  </TooltipTrigger>\n"
        "  <TooltipContent $SURFACE>{content}</TooltipContent>\n"
        "</Tooltip>",
        (
            Content("triggerLabel", "string", '"Hover"', "The element the tip explains"),
            Content("content", "string", '"Add to library"', "The tip"),
        ),
        dom_root=False,
        slots={
            "side": Slot("$SURFACE", "side={side}", '"top" | "right" | "bottom" | "left"', '"top"'),
        },
    ),
    "shadcn-dropdown-menu": Anatomy(
        (
            "DropdownMenu",
            "DropdownMenuTrigger",
            "DropdownMenuContent",
            "DropdownMenuItem",
            "Button",
        ),
        "React.ComponentProps<typeof DropdownMenu>",
        "<DropdownMenu $ROOT>\n"
        "  <DropdownMenuTrigger asChild>\n"
        '    <Button variant="outline">{triggerLabel}</Button>\n'
        "  </DropdownMenuTrigger>\n"
        "  <DropdownMenuContent $SURFACE>\n"
        "    {items.map((item) => (\n"
        "      <DropdownMenuItem key={item.value} $ITEM>\n"
        "        {item.label}\n"
        "      </DropdownMenuItem>\n"
        "    ))}\n"
        "  </DropdownMenuContent>\n"
        "</DropdownMenu>",
        (
            Content("triggerLabel", "string", '"Options"', "Text of the opening button"),
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "profile", label: "Profile" },\n'
                '  { value: "settings", label: "Settings" },\n]',
                "The menu items",
            ),
        ),
        preamble=_items(),
        dom_root=False,
        slots={
            "onSelect": Slot(
                "$ITEM", "onSelect={() => onSelect?.(item.value)}", "(value: string) => void"
            ),
        },
        foreign=frozenset({"onCheckedChange"}),
    ),
    "shadcn-navigation-menu": Anatomy(
        ("NavigationMenu", "NavigationMenuList", "NavigationMenuItem", "NavigationMenuLink"),
        "React.ComponentProps<typeof NavigationMenu>",
        "<NavigationMenu $ROOT $SURFACE>\n"
        "  <NavigationMenuList>\n"
        "    {items.map((item) => (\n"
        "      <NavigationMenuItem key={item.value}>\n"
        "        <NavigationMenuLink href={item.value}>{item.label}</NavigationMenuLink>\n"
        "      </NavigationMenuItem>\n"
        "    ))}\n"
        "  </NavigationMenuList>\n"
        "</NavigationMenu>",
        (
            Content(
                "items",
                "$NItem[]",
                '[\n  { value: "/docs", label: "Docs" },\n  { value: "/blog", label: "Blog" },\n]',
                "The links: value is the address",
            ),
        ),
        preamble=_items(),
    ),
    "shadcn-toast": Anatomy(
        ("ToastProvider", "ToastViewport", "Toast", "ToastTitle", "ToastDescription", "ToastClose"),
        "React.ComponentProps<typeof Toast>",
        "<ToastProvider>\n"
        "  <Toast $ROOT $SURFACE>\n"
        '    <div className="grid gap-1">\n'
        "      <ToastTitle>{title}</ToastTitle>\n"
        "      <ToastDescription>{description}</ToastDescription>\n"
        "    </div>\n"
        "    <ToastClose />\n"
        "  </Toast>\n"
        "  <ToastViewport />\n"
        "</ToastProvider>",
        (
            Content("title", "string", '"Scheduled"', "The heading"),
            Content("description", "string", '"Friday, February 10 at 5:57 PM"', "The message"),
        ),
        variant_props=("variant",),
        foreign=frozenset({"onAction"}),
    ),
}
