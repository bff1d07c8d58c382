// axe-core in jsdom over the rendered HTML. The HTML is inert here (scripts never run);
// colour contrast needs layout jsdom does not have, so tokens' contrast is checked in Python.
import { JSDOM } from "jsdom"

import { require } from "./cjs.mjs"

const axe = require("axe-core")

const dom = new JSDOM(
  '<!doctype html><html lang="en"><head><title>Component preview</title></head><body><main id="root"></main></body></html>',
  { runScripts: "outside-only", pretendToBeVisual: true },
)
dom.window.eval(axe.source)
const RUN_ONLY = { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }

export async function checkAccessibility(stories) {
  const violations = []
  for (const { story, html } of stories) {
    if (html === undefined) continue
    const root = dom.window.document.getElementById("root")
    root.innerHTML = html
    const result = await dom.window.axe.run(root, {
      runOnly: RUN_ONLY,
      rules: { "color-contrast": { enabled: false } },
      resultTypes: ["violations"],
    })
    for (const v of result.violations) {
      violations.push({
        story,
        rule: v.id,
        impact: v.impact ?? "minor",
        help: v.help,
        help_url: v.helpUrl,
        nodes: v.nodes.slice(0, 5).map((n) => ({ html: n.html.slice(0, 300), target: n.target.join(" ") })),
      })
    }
  }
  return violations
}
