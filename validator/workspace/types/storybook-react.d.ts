// The Component Story Format 3 types the stories use, as @storybook/react declares them
// (the subset stories need); the full package would bring Storybook itself into this workspace.
declare module "@storybook/react" {
  import type { ComponentProps, ComponentType, ReactElement } from "react"

  type AnyComponent = ComponentType<any> // eslint-disable-line @typescript-eslint/no-explicit-any

  export interface Meta<C extends AnyComponent = AnyComponent> {
    title?: string
    component?: C
    args?: Partial<ComponentProps<C>>
    argTypes?: Record<string, unknown>
    parameters?: Record<string, unknown>
    tags?: string[]
    decorators?: Array<(Story: ComponentType) => ReactElement>
  }

  export interface StoryObj<M = Meta> {
    name?: string
    args?: M extends Meta<infer C> ? Partial<ComponentProps<C>> : Record<string, unknown>
    render?: (
      args: M extends Meta<infer C> ? ComponentProps<C> : Record<string, unknown>,
    ) => ReactElement
    parameters?: Record<string, unknown>
  }
}
