// ESLint through its Node API, configured once; fixable problems are fixed on request.
import path from "node:path"
import { ESLint } from "eslint"

import { format } from "./format.mjs"
import { VALIDATOR, WORKSPACE } from "./workspace.mjs"

const options = { cwd: WORKSPACE, overrideConfigFile: path.join(VALIDATOR, "eslint.config.mjs") }
const plain = new ESLint(options)
const fixing = new ESLint({ ...options, fix: true })

export async function lint(code, filePath, fix) {
  let [result] = await (fix ? fixing : plain).lintText(code, { filePath })
  if (fix) {
    // The toolchain's other fixes: TypeScript's organize imports (an unused import goes) and
    // Prettier's formatting; what is left is linted again.
    const organized = await format(result.output ?? code)
    if (!organized.error && organized.code !== (result.output ?? code)) {
      const [again] = await fixing.lintText(organized.code, { filePath })
      result = { ...again, output: again.output ?? organized.code }
    }
  }
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
