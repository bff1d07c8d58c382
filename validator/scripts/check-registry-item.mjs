// Checks a registry item, or with `index` a registry index (JSON on stdin), against the schema
// the shadcn CLI itself parses them with; prints {"ok": true} or {"ok": false, "issues": [...]}.
import { registryItemSchema, registrySchema } from "shadcn/schema"

const schema = process.argv[2] === "index" ? registrySchema : registryItemSchema
let text = ""
for await (const chunk of process.stdin) text += chunk
const parsed = schema.safeParse(JSON.parse(text))
process.stdout.write(JSON.stringify(parsed.success ? { ok: true } : { ok: false, issues: parsed.error.issues }) + "\n")
