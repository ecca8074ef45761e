export default function Home() {
  return <h1>Fresh 2, started from its build</h1>;
}
