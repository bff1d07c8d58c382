// ESLint through its Node API, configured once; fixable problems are fixed on request.
import path from "node:path"
import { ESLint } from "eslint"

import { VALIDATOR, WORKSPACE } from "./workspace.mjs"

const options = { cwd: WORKSPACE, overrideConfigFile: path.join(VALIDATOR, "eslint.config.mjs") }
const plain = new ESLint(options)
const fixing = new ESLint({ ...options, fix: true })

export async function lint(code, filePath, fix) {
  const [result] = await (fix ? fixing : plain).lintText(code, { filePath })
  const shape = (m) => ({
    line: m.line ?? 0,
    column: m.column ?? 0,
    rule: m.ruleId ?? "parse",
    message: m.message,
    fixable: Boolean(m.fix),
  })
  const fixedCode = fix && result.output !== undefined && result.output !== code ? result.output : null
  let autoFixes = []
  if (fixedCode) {
    // What the fix changed: the fixable problems of the original code.
    const [before] = await plain.lintText(code, { filePath })
    autoFixes = before.messages.filter((m) => m.fix).map(shape)
  }
  return {
    errors: result.messages.filter((m) => m.severity === 2).map(shape),
    warnings: result.messages.filter((m) => m.severity === 1).map(shape),
    fixedCode,
    autoFixes,
  }
}
