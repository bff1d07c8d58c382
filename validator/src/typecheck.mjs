// TypeScript through the compiler API: one program per request, reusing the previous one and
// every parsed declaration file, so only the component itself is parsed and checked anew.
import path from "node:path"
import { require } from "./cjs.mjs"
import { VALIDATOR, WORKSPACE } from "./workspace.mjs"

const ts = require("typescript")

const configPath = path.join(WORKSPACE, "tsconfig.json")
const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
  },
})
export const compilerOptions = parsed.options
const SHIM = path.join(WORKSPACE, "types", "storybook-react.d.ts")

export class TypeChecker {
  constructor(library) {
    this.library = library // Map<path, text>: the pattern library as virtual workspace files
    this.cache = new Map() // path -> { text, sourceFile }
    this.oldProgram = undefined
  }

  /** Type-check `files` (Map<path, text>); returns the program and errors in those files. */
  check(files) {
    const overlay = new Map([...this.library, ...files])
    const host = ts.createCompilerHost(compilerOptions, true)
    // Only the virtual files and the validator's own (node_modules, the shims) exist for it.
    const read = (f) => (overlay.has(f) ? overlay.get(f) : ownFile(f) ? ts.sys.readFile(f) : undefined)
    host.fileExists = (f) => overlay.has(f) || (ownFile(f) && ts.sys.fileExists(f))
    host.directoryExists = (d) => ownFile(d) && ts.sys.directoryExists(d)
    host.readFile = read
    host.getSourceFile = (fileName, languageVersion) => {
      const text = read(fileName)
      if (text === undefined) return undefined
      const cached = this.cache.get(fileName)
      if (cached && cached.text === text) return cached.sourceFile
      const sourceFile = ts.createSourceFile(fileName, text, languageVersion, true)
      if (!files.has(fileName)) this.cache.set(fileName, { text, sourceFile })
      return sourceFile
    }
    const program = ts.createProgram({
      rootNames: [...files.keys(), SHIM],
      options: compilerOptions,
      host,
      oldProgram: this.oldProgram,
    })
    this.oldProgram = program
    const errors = []
    for (const fileName of files.keys()) {
      const sourceFile = program.getSourceFile(fileName)
      const diagnostics = [
        ...program.getSyntacticDiagnostics(sourceFile),
        ...program.getSemanticDiagnostics(sourceFile),
      ]
      for (const d of diagnostics) errors.push(describe(d, fileName))
    }
    return { program, errors }
  }
}

function ownFile(file) {
  const relative = path.relative(VALIDATOR, path.resolve(file))
  return !relative.startsWith("..") && !path.isAbsolute(relative)
}

function describe(diagnostic, fileName) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")
  const where = diagnostic.file && diagnostic.start !== undefined
    ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    : { line: 0, character: 0 }
  return {
    file: fileName.endsWith(".stories.tsx") ? "stories" : "component",
    line: where.line + 1,
    column: where.character + 1,
    code: `TS${diagnostic.code}`,
    message,
    severity: diagnostic.category === ts.DiagnosticCategory.Error ? "error" : "warning",
  }
}
