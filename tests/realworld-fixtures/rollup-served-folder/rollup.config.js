export default { input: "src/main.js", output: { file: "public/build/bundle.js", format: "iife" } };
