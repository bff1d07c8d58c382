// Requirements coverage read from the program: the component's props type (through the type
// checker, so inherited and intersected props count) and what its JSX actually renders.
import { require } from "./cjs.mjs"

const ts = require("typescript")

export function findComponent(sourceFile, wanted) {
  const found = []
  const exported = (node) =>
    ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export || isExportedLater(sourceFile, node)
  for (const st of sourceFile.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && /^[A-Z]/.test(st.name.text)) {
      found.push({ name: st.name.text, node: st, exported: Boolean(exported(st)) })
    }
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && /^[A-Z]/.test(d.name.text) && d.initializer
          && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer) || ts.isCallExpression(d.initializer))) {
          found.push({ name: d.name.text, node: d.initializer, exported: Boolean(exported(st)) })
        }
      }
    }
  }
  const pool = found.filter((c) => c.exported).length ? found.filter((c) => c.exported) : found
  return pool.find((c) => c.name === wanted) ?? pool[0]
}

function isExportedLater(sourceFile, node) {
  const name = node.name?.text ?? node.declarationList?.declarations?.[0]?.name?.text
  return sourceFile.statements.some((st) => ts.isExportDeclaration(st) && st.exportClause
    && ts.isNamedExports(st.exportClause) && st.exportClause.elements.some((e) => e.name.text === name))
}

function functionOf(node) {
  if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node
  if (ts.isCallExpression(node)) return node.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a))
  return undefined
}

export function requirementCoverage(program, fileName, componentName, requirements) {
  const sourceFile = program.getSourceFile(fileName)
  const checker = program.getTypeChecker()
  const component = findComponent(sourceFile, componentName)
  const props = new Map() // name -> "declared" | "inherited"
  const fn = component && functionOf(component.node)
  const param = fn?.parameters?.[0]
  if (param) {
    const type = checker.getApparentType(checker.getTypeAtLocation(param))
    for (const symbol of checker.getPropertiesOfType(type)) {
      const own = symbol.declarations?.some((d) => d.getSourceFile() === sourceFile)
      props.set(symbol.name, own ? "declared" : "inherited")
    }
    if (ts.isObjectBindingPattern(param.name)) {
      for (const el of param.name.elements) {
        if (el.dotDotDotToken) continue // ...rest: its properties came from the type above
        const name = (el.propertyName ?? el.name).getText(sourceFile)
        if (!props.has(name)) props.set(name, "declared")
      }
    }
  }

  const attributes = new Map() // attribute name -> [values]
  const words = new Set() // identifiers and string literals
  const calls = new Set()
  const tags = new Set() // the elements and primitives the JSX renders
  const visit = (node) => {
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      tags.add(node.tagName.getText(sourceFile).replace(/Base$/, ""))
    }
    if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sourceFile)
      const init = node.initializer
      const value = init && ts.isStringLiteral(init) ? init.text : init ? init.getText(sourceFile) : "true"
      attributes.set(name, [...(attributes.get(name) ?? []), value])
    }
    if (ts.isIdentifier(node)) words.add(node.text)
    if (ts.isStringLiteralLike(node)) for (const w of node.text.split(/[^A-Za-z0-9-]+/)) words.add(w)
    if (ts.isCallExpression(node)) calls.add(node.expression.getText(sourceFile).replace(/\?\.$/, "").replace(/^props\./, ""))
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)

  const implemented = []
  const missing = []
  const check = (category, name) => {
    const evidence = evidenceFor(category, name, { props, attributes, words, calls })
      ?? (category === "accessibility" ? nativeEvidence(name, tags) : null)
    if (evidence) implemented.push({ category, name, evidence })
    else missing.push({ category, name })
  }
  for (const [category, names] of Object.entries(requirements ?? {})) {
    for (const name of names ?? []) check(category, name)
  }
  return {
    component: component?.name ?? null,
    props: [...props].filter(([, kind]) => kind === "declared").map(([name]) => name),
    implemented,
    missing,
  }
}

function evidenceFor(category, name, { props, attributes, words, calls }) {
  const kind = props.get(name)
  if (category === "props") return kind ? `${kind} in the props type` : null
  if (category === "events") {
    if (!kind) return null
    const wired = attributes.has(name) || calls.has(name) || [...attributes.values()].flat().some((v) => v.includes(name))
    return wired ? `${kind} prop, wired to an element` : `${kind} prop (passed through)`
  }
  if (category === "states") {
    const state = attributes.get("data-state")
    if (state?.some((v) => v.includes(name))) return `data-state shows "${name}"`
    if (kind) return `${kind} prop "${name}"`
    if (words.has(name)) return `"${name}" handled in the code`
    if (state || attributes.has(`data-${name}`) || attributes.has(`aria-${name}`)) return "state attribute rendered"
    return null
  }
  // accessibility: an attribute (aria-label, role=dialog), a role, or a prop that reaches one
  const [attr, value] = name.includes("=") ? name.split("=", 2) : [name, undefined]
  if (attributes.has(attr) && (!value || attributes.get(attr).some((v) => v.includes(value.replace(/"/g, ""))))) {
    return `${attr} set in the JSX`
  }
  if (attributes.get("role")?.some((v) => v.includes(name))) return `role="${name}"`
  if (kind) return `${kind} prop ${attr}`
  return null
}

// What native elements (and the primitives that render them) give without any attribute: a
// <button> has the button role, keyboard support, and its text as its name.
const NATIVE_ROLES = {
  button: ["button", "Button", "Toggle", "DialogTrigger", "PopoverTrigger", "CollapsibleTrigger", "AccordionTrigger"],
  link: ["a", "BreadcrumbLink", "PaginationLink"],
  textbox: ["input", "textarea", "Input", "Textarea"],
  combobox: ["select", "SelectTrigger"],
  checkbox: ["Checkbox"],
  switch: ["Switch"],
  slider: ["Slider"],
  progressbar: ["Progress"],
  tablist: ["TabsList"],
  tab: ["TabsTrigger"],
  radiogroup: ["RadioGroup"],
  radio: ["RadioGroupItem"],
  alert: ["Alert"],
  dialog: ["DialogContent", "AlertDialogContent", "SheetContent"],
  table: ["table", "Table"],
}
const NAMING = ["label", "Label", "AlertTitle", "CardTitle", "DialogTitle", "AlertDialogTitle", "SheetTitle"]

function nativeEvidence(name, tags) {
  const interactive = Object.entries(NATIVE_ROLES)
    .filter(([role]) => !["alert", "table", "progressbar", "dialog"].includes(role))
    .flatMap(([, names]) => names)
    .filter((t) => tags.has(t))
  const role = name.match(/^role\s*[=: ]\s*"?([a-z]+)"?$/)?.[1]
  if (role) {
    const element = (NATIVE_ROLES[role] ?? []).find((t) => tags.has(t))
    return element ? `<${element}> has the ${role} role` : null
  }
  if (/keyboard|focus/i.test(name) && interactive.length) {
    return `native keyboard support of <${interactive[0]}>`
  }
  if (/label|name/i.test(name)) {
    const naming = NAMING.find((t) => tags.has(t))
    if (naming) return `named by <${naming}>`
    if (interactive.some((t) => NATIVE_ROLES.button.includes(t) || NATIVE_ROLES.link.includes(t))) {
      return `named by the text of <${interactive[0]}>`
    }
  }
  return null
}
