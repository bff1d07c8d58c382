// Prettier with shadcn/ui's house style (no semicolons, double quotes, trailing commas where
// ES5 allows), so generated files read like the project's own; the organize-imports plugin
// (TypeScript's own "organize imports") sorts the imports and drops unused ones.
import * as prettier from "prettier"
import organizeImports from "prettier-plugin-organize-imports"

const OPTIONS = {
  parser: "typescript", filepath: "component.tsx", semi: false, singleQuote: false, trailingComma: "es5", printWidth: 100,
  plugins: [organizeImports],
}

// Code Prettier cannot parse is returned as given: the type checker then reports why.
export async function format(code) {
  try {
    return { code: await prettier.format(code, OPTIONS), error: null }
  } catch (error) {
    return { code, error: String(error.message ?? error).split("\n")[0] }
  }
}
