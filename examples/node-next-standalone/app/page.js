export default function Page() {
  return <p>hello from node-next-standalone</p>;
}
