export default function App() {
  return <main className="p-8">Add a component: npx shadcn add @componentforge/&lt;id&gt;</main>
}
