import { Greeter } from "../src/greeter";

console.assert(new Greeter("x").greet().includes("x"));
