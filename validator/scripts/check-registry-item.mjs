// Checks a registry item (JSON on stdin) against the schema the shadcn CLI itself parses items
// with; prints {"ok": true} or {"ok": false, "issues": [...]}.
import { registryItemSchema } from "shadcn/schema"

let text = ""
for await (const chunk of process.stdin) text += chunk
const parsed = registryItemSchema.safeParse(JSON.parse(text))
process.stdout.write(JSON.stringify(parsed.success ? { ok: true } : { ok: false, issues: parsed.error.issues }) + "\n")
