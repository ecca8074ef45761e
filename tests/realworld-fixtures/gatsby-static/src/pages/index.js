import * as React from "react";

export default function Home() {
  return <main>ok</main>;
}
