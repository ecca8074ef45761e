import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

export const meta = () => [{ title: "node-remix" }];

// Runs on the server for each request; its data is in the first HTML response.
export async function loader() {
  return json({ greeting: "hello from node-remix", at: new Date().toISOString() });
}

export default function Index() {
  const { greeting, at } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>{greeting}</h1>
      <p>Rendered at {at}</p>
    </main>
  );
}
