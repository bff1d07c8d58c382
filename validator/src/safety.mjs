// What a reviewer would block in a presentational component, found on the syntax tree.
import { require } from "./cjs.mjs"
import { refusal } from "./imports.mjs"

const ts = require("typescript")

const SECRET_PATTERNS = [
  [/AKIA[0-9A-Z]{16}/, "an AWS access key id"],
  [/\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/, "an OpenAI-style secret key"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, "a GitHub token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/AIza[0-9A-Za-z_-]{35}/, "a Google API key"],
  [/-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----/, "a private key"],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON web token"],
]
const SECRET_NAME = /(secret|passw(or)?d|api[_-]?key|access[_-]?token|auth[_-]?token|private[_-]?key)/i
const NETWORK = new Set(["fetch", "XMLHttpRequest", "WebSocket", "EventSource"])
const STORAGE = new Set(["localStorage", "sessionStorage", "indexedDB"])
const NODE_MODULES = /^(node:)?(fs|child_process|net|http|https|dgram|os|process|worker_threads|vm)$/

export function scanSafety(sourceFile) {
  const findings = []
  const add = (node, rule, severity, message) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile))
    findings.push({ rule, severity, line: line + 1, message, code: node.getText(sourceFile).slice(0, 120) })
  }

  const visit = (node) => {
    if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sourceFile)
      const init = node.initializer
      if (name === "dangerouslySetInnerHTML" && !isConstantHtml(init)) {
        add(node, "dangerous-html", "critical",
          "dangerouslySetInnerHTML with non-constant content can inject script (XSS)")
      }
      if (/^on[A-Z]/.test(name) && init && ts.isStringLiteral(init)) {
        add(node, "inline-handler-string", "high", `${name} is a string of code, not a function`)
      }
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression.getText(sourceFile)
      if (callee === "eval" || callee === "Function" || callee === "window.eval") {
        add(node, "eval", "critical", `${ts.isNewExpression(node) ? "new " : ""}${callee}() runs strings as code`)
      }
      if ((callee === "setTimeout" || callee === "setInterval") && node.arguments?.[0] && ts.isStringLiteralLike(node.arguments[0])) {
        add(node, "eval", "critical", `${callee} with a string runs it as code`)
      }
      if (callee === "require" && node.arguments?.[0] && ts.isStringLiteralLike(node.arguments[0])
        && NODE_MODULES.test(node.arguments[0].text)) {
        add(node, "node-api", "critical", `require("${node.arguments[0].text}") is a server API`)
      }
      if (callee === "navigator.sendBeacon") add(node, "network", "high", "sends data over the network")
    }
    const imported = importOf(node)
    if (imported) {
      const why = imported.computed
        ? "import of a computed name: only fixed module names can be checked"
        : refusal(imported.specifier, sourceFile.fileName, imported.attributes)
      if (why) add(node, "forbidden-import", "critical", why)
    }
    if (ts.isIdentifier(node) && !isPropertyName(node)) {
      const text = node.text
      if (NETWORK.has(text)) add(node, "network", "high", `${text}: a presentational component should not call the network`)
      if (STORAGE.has(text)) add(node, "storage", "high", `${text}: a presentational component should not touch storage`)
    }
    if (ts.isPropertyAccessExpression(node)) {
      const text = node.getText(sourceFile)
      if (text === "document.cookie") add(node, "storage", "high", "document.cookie: reads or writes cookies")
      if (text.startsWith("process.env")) add(node, "node-api", "high", "process.env: server environment in a browser component")
    }
    if (ts.isStringLiteralLike(node)) {
      if (/^\s*javascript:/i.test(node.text)) add(node, "javascript-url", "critical", "javascript: URLs run code when followed")
      for (const [pattern, what] of SECRET_PATTERNS) {
        if (pattern.test(node.text)) add(node, "secret", "critical", `looks like ${what}; keys do not belong in code`)
      }
    }
    if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) && node.initializer
      && ts.isStringLiteralLike(node.initializer) && node.initializer.text.length >= 8
      && SECRET_NAME.test(node.name.getText(sourceFile))) {
      add(node, "secret", "critical", `${node.name.getText(sourceFile)} holds a literal secret`)
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return dedupe(findings)
}

/** The specifier (and attributes) of an import, re-export, import() or require(), or null. */
function importOf(node) {
  let specifier
  let attributes = {}
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
    specifier = node.moduleSpecifier
    for (const element of node.attributes?.elements ?? []) attributes[element.name.getText()] = true
  } else if (ts.isCallExpression(node)
    && (node.expression.kind === ts.SyntaxKind.ImportKeyword || node.expression.getText() === "require")) {
    specifier = node.arguments[0]
    if (node.arguments.length > 1) attributes = { options: true }
  } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    specifier = node.moduleReference.expression
  } else if (ts.isImportTypeNode(node)) {
    return null // types only: nothing is loaded
  }
  if (!specifier) return null
  if (!ts.isStringLiteralLike(specifier)) {
    return { specifier: specifier.getText(), computed: true }
  }
  return { specifier: specifier.text, attributes }
}

function isConstantHtml(init) {
  // dangerouslySetInnerHTML={{ __html: "<b>constant</b>" }}
  const expr = init && ts.isJsxExpression(init) ? init.expression : undefined
  if (!expr || !ts.isObjectLiteralExpression(expr)) return false
  return expr.properties.every((p) => ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer))
}

function isPropertyName(node) {
  const parent = node.parent
  return (ts.isPropertyAccessExpression(parent) && parent.name === node)
    || (ts.isPropertyAssignment(parent) && parent.name === node)
    || ts.isJsxAttribute(parent) || ts.isImportSpecifier(parent)
}

function dedupe(findings) {
  const seen = new Set()
  return findings.filter((f) => {
    const key = `${f.rule}:${f.line}:${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
