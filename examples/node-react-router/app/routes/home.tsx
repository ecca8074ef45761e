import { useLoaderData } from "react-router";

export function meta() {
  return [{ title: "node-react-router" }];
}

// Runs on the server for each request; its data is in the first HTML response.
export function loader() {
  return { greeting: "hello from node-react-router", at: new Date().toISOString() };
}

export default function Home() {
  const { greeting, at } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>{greeting}</h1>
      <p>Rendered at {at}</p>
    </main>
  );
}
