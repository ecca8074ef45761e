export default function Home() {
  return <h1>Hello from a workspace member</h1>;
}
