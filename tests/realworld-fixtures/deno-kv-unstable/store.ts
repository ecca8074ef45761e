const kv = await Deno.openKv();

export async function count(): Promise<number> {
  const entry = await kv.get<number>(["count"]);
  return entry.value ?? 0;
}
