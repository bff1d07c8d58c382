"""The compositions of overlays: dialogs, sheets, popovers, menus, toasts."""

from __future__ import annotations

from componentforge.generation.anatomy import (
    DESCRIPTION,
    TITLE,
    TRIGGER,
    Anatomy,
    Content,
    Slot,
    items_interface,
)

OVERLAYS: dict[str, Anatomy] = {
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
        preamble=items_interface(),
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
        preamble=items_interface(),
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
