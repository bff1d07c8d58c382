// Components in three real CSS frameworks' own markup (as their documentation writes it),
// styled by their own stylesheets from npm, and in shadcn/ui's utility classes. Each names
// its type, the text the screenshot shows, and which elements the ground truth is read from:
//   data-c        the component's own box (background, border, radius, padding)
//   data-text     the main text (colour, font size, weight): the body text, as the extraction
//                 dev set defines it (a card's or alert's description, not its title); else
//                 the first text in data-c
//   data-primary  the element whose background is the accent, where there is one
//   data-surface  the element whose background is the surface, when not data-c

const card = (root, title, body, action) => ({ type: "card", text: `${title} ${body} ${action}`, html: root })

const BUTTON = "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium"
const BADGE = "inline-flex w-fit shrink-0 items-center justify-center gap-1 whitespace-nowrap rounded-full border border-transparent px-2.5 py-0.5 text-xs font-semibold"
const FIELD = "flex w-full min-w-0 rounded-md border border-input bg-transparent px-3 text-base shadow-xs outline-none placeholder:text-muted-foreground md:text-sm"
const TAB = "inline-flex h-[calc(100%-1px)] flex-1 items-center justify-center whitespace-nowrap rounded-md border border-transparent px-2 py-1 text-sm font-medium"
const ICON = `xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"`
const CHEVRON = `<svg ${ICON} class="size-4 opacity-50"><polyline points="6,9 12,15 18,9"/></svg>`
const TICK = `<svg ${ICON} class="size-3.5"><polyline points="5,12 10,17 19,7"/></svg>`
const ALERT_ICON = `<svg ${ICON} class="size-4 translate-y-0.5"><circle cx="12" cy="12" r="10"/><line x1="12" y1="8" x2="12" y2="12"/><line x1="12" y1="16" x2="12.01" y2="16"/></svg>`

export const FRAMEWORKS = {
  spectre: {
    css: ["spectre.css/dist/spectre.min.css", "spectre.css/dist/spectre-icons.min.css"],
    items: [
      { type: "button", text: "Save changes", html: `<button data-c data-primary class="btn btn-primary">Save changes</button>` },
      { type: "button", text: "Cancel", html: `<button data-c class="btn">Cancel</button>` },
      { type: "button", text: "Delete account", html: `<button data-c data-primary class="btn btn-error btn-lg">Delete account</button>` },
      { type: "badge", text: "New", html: `<span data-c data-primary class="label label-primary">New</span>` },
      { type: "badge", text: "Beta", html: `<span data-c class="label label-rounded">Beta</span>` },
      card(`<div data-c class="card" style="width:320px"><div class="card-header"><div class="card-title h5">Create project</div><div data-text class="card-subtitle text-gray">Deploy your new project in one click.</div></div><div class="card-footer"><button data-primary class="btn btn-primary">Deploy</button></div></div>`, "Create project", "Deploy your new project in one click.", "Deploy"),
      { type: "input", text: "Email address", html: `<input data-c class="form-input" type="text" placeholder="Email address" style="width:240px">` },
      { type: "input", text: "jane@example.com", html: `<input data-c class="form-input" type="text" value="jane@example.com" style="width:240px">` },
      { type: "textarea", text: "Type your message here.", html: `<textarea data-c class="form-input" rows="3" placeholder="Type your message here." style="width:280px"></textarea>` },
      { type: "select", text: "Choose an option", html: `<select data-c class="form-select" style="width:220px"><option>Choose an option</option></select>` },
      { type: "checkbox", text: "Remember me", html: `<label data-c class="form-checkbox"><input type="checkbox" checked><i data-radius class="form-icon"></i> <span data-text>Remember me</span></label>` },
      { type: "switch", text: "Airplane mode", html: `<label data-c class="form-switch"><input type="checkbox" checked><i data-radius class="form-icon"></i> <span data-text>Airplane mode</span></label>` },
      { type: "alert", text: "Your session will expire in five minutes.", html: `<div data-c class="toast toast-warning" style="width:340px">Your session will expire in five minutes.</div>` },
      { type: "tabs", text: "Account Password Billing", html: `<ul data-c class="tab" style="width:320px"><li class="tab-item active"><a data-text href="#">Account</a></li><li class="tab-item"><a href="#">Password</a></li><li class="tab-item"><a href="#">Billing</a></li></ul>` },
      { type: "progress", text: "", html: `<progress data-c class="progress" value="60" max="100" style="width:240px"></progress>` },
      { type: "avatar", text: "JD", html: `<figure data-c data-primary class="avatar avatar-xl" data-initial="JD"></figure>` },
    ],
  },
  foundation: {
    css: ["foundation-sites/dist/css/foundation.min.css"],
    items: [
      { type: "button", text: "Save changes", html: `<button data-c data-primary class="button" style="margin:0">Save changes</button>` },
      { type: "button", text: "Cancel", html: `<button data-c class="hollow button" style="margin:0">Cancel</button>` },
      { type: "button", text: "Delete account", html: `<button data-c data-primary class="alert button large" style="margin:0">Delete account</button>` },
      { type: "badge", text: "3", html: `<span data-c data-primary class="badge primary">3</span>` },
      { type: "badge", text: "New", html: `<span data-c data-primary class="label success">New</span>` },
      card(`<div data-c class="card" style="width:300px;margin:0"><div class="card-section"><h5>Create project</h5><p data-text>Deploy your new project in one click.</p><a data-primary class="button" style="margin:0">Deploy</a></div></div>`, "Create project", "Deploy your new project in one click.", "Deploy"),
      { type: "input", text: "Email address", html: `<input data-c type="text" placeholder="Email address" style="width:240px;margin:0">` },
      { type: "input", text: "jane@example.com", html: `<input data-c type="text" value="jane@example.com" style="width:240px;margin:0">` },
      { type: "textarea", text: "Type your message here.", html: `<textarea data-c rows="3" placeholder="Type your message here." style="width:280px;margin:0"></textarea>` },
      { type: "select", text: "Choose an option", html: `<select data-c style="width:220px;margin:0"><option>Choose an option</option></select>` },
      { type: "checkbox", text: "Remember me", html: `<div data-c style="display:inline-block"><input id="c1" type="checkbox" checked style="margin:0 6px 0 0"><label data-text for="c1" style="margin:0">Remember me</label></div>` },
      { type: "switch", text: "", html: `<div data-c class="switch" style="margin:0"><input class="switch-input" id="s1" type="checkbox" checked><label data-primary data-radius class="switch-paddle" for="s1"><span class="show-for-sr">Airplane mode</span></label></div>` },
      { type: "alert", text: "Heads up Your session will expire in five minutes.", html: `<div data-c class="callout warning" style="width:340px;margin:0"><h5>Heads up</h5><p data-text style="margin:0">Your session will expire in five minutes.</p></div>` },
      { type: "tabs", text: "Account Password Billing", html: `<ul data-c class="tabs" style="width:340px"><li class="tabs-title is-active"><a data-text href="#" aria-selected="true">Account</a></li><li class="tabs-title"><a href="#">Password</a></li><li class="tabs-title"><a href="#">Billing</a></li></ul>` },
      { type: "progress", text: "", html: `<div data-c class="progress" style="width:240px;margin:0"><div data-primary class="progress-meter" style="width:60%"></div></div>` },
    ],
  },
  fomantic: {
    css: ["fomantic-ui-css/semantic.min.css"],
    items: [
      { type: "button", text: "Save changes", html: `<button data-c data-primary class="ui primary button">Save changes</button>` },
      { type: "button", text: "Cancel", html: `<button data-c class="ui basic button">Cancel</button>` },
      { type: "button", text: "Delete account", html: `<button data-c data-primary class="ui red large button">Delete account</button>` },
      { type: "button", text: "Continue", dark: true, html: `<button data-c class="ui inverted button">Continue</button>` },
      { type: "badge", text: "New", html: `<div data-c data-primary class="ui blue label">New</div>` },
      { type: "badge", text: "Beta", html: `<div data-c class="ui circular label">Beta</div>` },
      card(`<div data-c class="ui card" style="margin:0"><div class="content"><div class="header">Create project</div><div data-text class="description">Deploy your new project in one click.</div></div><div class="extra content"><button data-primary class="ui primary button">Deploy</button></div></div>`, "Create project", "Deploy your new project in one click.", "Deploy"),
      { type: "input", text: "Email address", html: `<div class="ui input"><input data-c type="text" placeholder="Email address" style="width:240px"></div>` },
      { type: "input", text: "jane@example.com", dark: true, html: `<div class="ui inverted input"><input data-c type="text" value="jane@example.com" style="width:240px"></div>` },
      { type: "textarea", text: "Type your message here.", html: `<div class="ui form"><textarea data-c rows="3" placeholder="Type your message here." style="width:280px"></textarea></div>` },
      { type: "select", text: "Select a fruit", html: `<div data-c class="ui selection dropdown" style="width:220px"><input type="hidden"><i class="dropdown icon"></i><div data-text class="default text">Select a fruit</div></div>` },
      { type: "checkbox", text: "Remember me", html: `<div data-c class="ui checked checkbox"><input type="checkbox" checked><label data-text data-radius="::before">Remember me</label></div>` },
      { type: "switch", text: "Airplane mode", html: `<div data-c class="ui toggle checked checkbox"><input type="checkbox" checked><label data-text data-radius="::before">Airplane mode</label></div>` },
      { type: "alert", text: "Heads up Your session will expire in five minutes.", html: `<div data-c class="ui warning message" style="width:340px;margin:0"><div class="header">Heads up</div><p data-text>Your session will expire in five minutes.</p></div>` },
      { type: "alert", text: "Saved Your changes are live.", dark: true, html: `<div data-c class="ui positive message" style="width:300px;margin:0"><div class="header">Saved</div><p data-text>Your changes are live.</p></div>` },
      { type: "tabs", text: "Account Password Billing", html: `<div data-c class="ui secondary pointing menu" style="width:320px;margin:0"><a data-text class="active item">Account</a><a class="item">Password</a><a class="item">Billing</a></div>` },
      { type: "progress", text: "", html: `<div data-c class="ui blue progress" style="width:240px;margin:0"><div data-primary class="bar" style="width:60%;min-width:0"></div></div>` },
    ],
  },
  // shadcn/ui's look in its own utility classes (as its primitives compose them, static
  // states: checked, active), compiled by the validator's Tailwind v4 with the shadcn theme.
  shadcn: {
    tailwind: true,
    items: [
      { type: "button", text: "Save changes", html: `<button data-c data-primary class="${BUTTON} bg-primary text-primary-foreground shadow-sm h-9 px-4 py-2">Save changes</button>` },
      { type: "button", text: "Cancel", html: `<button data-c class="${BUTTON} border border-input bg-background shadow-sm h-9 px-4 py-2">Cancel</button>` },
      { type: "button", text: "Delete account", html: `<button data-c data-primary class="${BUTTON} bg-destructive text-destructive-foreground shadow-sm h-10 px-8">Delete account</button>` },
      { type: "button", text: "Continue", dark: true, html: `<button data-c data-primary class="${BUTTON} bg-primary text-primary-foreground shadow-sm h-9 px-4 py-2">Continue</button>` },
      { type: "badge", text: "New", html: `<span data-c data-primary class="${BADGE} bg-primary text-primary-foreground">New</span>` },
      { type: "badge", text: "Beta", html: `<span data-c class="${BADGE} bg-secondary text-secondary-foreground">Beta</span>` },
      card(`<div data-c class="flex w-[320px] flex-col gap-6 rounded-xl border bg-card py-6 text-card-foreground shadow-sm"><div class="grid gap-1.5 px-6"><div class="font-semibold leading-none">Create project</div><div data-text class="text-sm text-muted-foreground">Deploy your new project in one click.</div></div><div class="flex items-center px-6"><button data-primary class="${BUTTON} bg-primary text-primary-foreground shadow-sm h-9 px-4 py-2">Deploy</button></div></div>`, "Create project", "Deploy your new project in one click.", "Deploy"),
      { type: "input", text: "Email address", html: `<input data-c class="${FIELD} h-9 py-1" type="text" placeholder="Email address" style="width:240px">` },
      { type: "input", text: "jane@example.com", dark: true, html: `<input data-c class="${FIELD} h-9 py-1 text-foreground" type="text" value="jane@example.com" style="width:240px">` },
      { type: "textarea", text: "Type your message here.", html: `<textarea data-c class="${FIELD} min-h-16 py-2" rows="3" placeholder="Type your message here." style="width:280px"></textarea>` },
      { type: "select", text: "Choose an option", html: `<button data-c class="flex h-9 w-[220px] items-center justify-between gap-2 whitespace-nowrap rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-xs"><span data-text class="text-muted-foreground">Choose an option</span>${CHEVRON}</button>` },
      { type: "checkbox", text: "Remember me", html: `<div data-c class="flex items-center gap-2"><span data-primary data-radius class="flex size-4 shrink-0 items-center justify-center rounded-[4px] border border-primary bg-primary text-primary-foreground shadow-xs">${TICK}</span><label data-text class="text-sm font-medium leading-none">Remember me</label></div>` },
      { type: "switch", text: "Airplane mode", html: `<div data-c class="flex items-center gap-2"><span data-primary data-radius class="inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent bg-primary shadow-xs"><span class="block size-4 translate-x-4 rounded-full bg-background shadow-sm"></span></span><label data-text class="text-sm font-medium leading-none">Airplane mode</label></div>` },
      { type: "alert", text: "Heads up! Your session will expire in five minutes.", html: `<div data-c class="relative grid w-[340px] grid-cols-[calc(var(--spacing)*4)_1fr] items-start gap-x-3 gap-y-0.5 rounded-lg border bg-card px-4 py-3 text-sm text-card-foreground">${ALERT_ICON}<div class="col-start-2 font-medium tracking-tight">Heads up!</div><div data-text class="col-start-2 text-sm text-muted-foreground">Your session will expire in five minutes.</div></div>` },
      { type: "tabs", text: "Account Password Billing", html: `<div data-c class="inline-flex h-9 w-fit items-center justify-center rounded-lg bg-muted p-[3px] text-muted-foreground"><button data-text class="${TAB} bg-background text-foreground shadow-sm">Account</button><button class="${TAB}">Password</button><button class="${TAB}">Billing</button></div>` },
      { type: "progress", text: "", html: `<div data-c class="relative h-2 w-[240px] overflow-hidden rounded-full bg-primary/20"><div data-primary class="h-full bg-primary" style="width:60%"></div></div>` },
      { type: "avatar", text: "JD", html: `<span data-c class="relative flex size-10 shrink-0 overflow-hidden rounded-full"><span data-surface class="flex size-full items-center justify-center rounded-full bg-muted text-sm">JD</span></span>` },
    ],
  },
}
