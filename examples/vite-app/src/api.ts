// A typed ComponentForge client: types generated from the live spec with openapi-typescript
// at its default settings (`npm run api`, which writes src/schema.d.ts), calls made with
// openapi-fetch. Every answer is typed, errors included (`{"error": {...}}`).
import createClient from "openapi-fetch"

import type { components, paths } from "./schema"

export type Report = components["schemas"]["ValidationReport"]
export type ErrorEnvelope = components["schemas"]["ErrorEnvelope"]

export function connect(baseUrl: string, apiKey?: string) {
  return createClient<paths>({ baseUrl, headers: apiKey ? { "X-API-Key": apiKey } : {} })
}

type Client = ReturnType<typeof connect>

/** Why a call failed, from the one error envelope every route documents. */
function failed(error: ErrorEnvelope): Error {
  return new Error(`${error.error.type}: ${error.error.message} (request ${error.error.request_id})`)
}

export async function search(client: Client, query: string): Promise<string[]> {
  const { data, error } = await client.POST("/api/v1/retrieval/search", { body: { query } })
  if (error) throw failed(error)
  return data.results.map((r) => `${r.pattern_id} (${r.score.toFixed(2)})`)
}

/** Requirements as plain names or as objects; every defaulted field left out. */
export async function generate(client: Client) {
  const { data, error } = await client.POST("/api/v1/generation/generate", {
    body: {
      pattern_id: "shadcn-button",
      component_name: "SaveButton",
      tokens: { colors: { primary: "#2563eb" } },
      requirements: { props: ["variant", { name: "loading", type: "boolean" }], events: ["onClick"] },
    },
  })
  if (error) throw failed(error)
  const status: "PASS" | "FAIL" | "UNVERIFIED" | undefined = data.validation?.status
  const firstCheck: string | undefined = data.validation?.checks[0]?.name
  const typeErrors: number = data.validation?.typescript.errors.length ?? 0
  const key: string = data.provenance.cache_key
  return { id: data.generation_id, code: data.files[`${data.component_name}.tsx`], status, firstCheck, typeErrors, key }
}

export async function fromScreenshot(client: Client, image: Blob) {
  const { data, error } = await client.POST("/api/v1/generation/from-screenshot", {
    // format: binary is typed as a string; the body goes out as multipart form data.
    body: { file: image as unknown as string, component_name: "ShotButton" },
    bodySerializer(body) {
      const form = new FormData()
      for (const [name, value] of Object.entries(body)) form.append(name, value as Blob | string)
      return form
    },
  })
  if (error) throw failed(error)
  const text: string | undefined = data.extraction.content?.text
  return { text, generationId: data.generation.generation_id }
}

export async function submitJob(client: Client) {
  const { data, error } = await client.POST("/api/v1/jobs", {
    body: { kind: "generate", pattern_id: "shadcn-badge", requirements: { props: ["variant"] } },
  })
  if (error) throw failed(error)
  const job = await client.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: data.job_id } } })
  if (job.error) throw failed(job.error)
  const state: "queued" | "running" | "succeeded" | "failed" | "cancelled" = job.data.status
  return state
}

export async function report(client: Client, reportId: string): Promise<Report> {
  const { data, error } = await client.GET("/api/v1/validation/reports/{report_id}", {
    params: { path: { report_id: reportId } },
  })
  if (error) throw failed(error)
  const failedChecks: string[] = data.checks.filter((c) => c.state === "failed").map((c) => c.name)
  const axe: string[] = data.a11y.violations.map((v) => `${v.rule}: ${v.help}`)
  console.log(failedChecks, axe)
  return data
}

export async function registryItem(client: Client, generationId: string) {
  const { data, error } = await client.GET("/api/v1/r/{name}.json", {
    params: { path: { name: generationId } },
  })
  if (error) throw failed(error)
  return data.registryDependencies
}
