/** Reads `read` every 50 ms, up to `tries` times, until it gives `want`; returns the last reading. */
export async function eventually(read: () => Promise<number>, want: number, tries = 60): Promise<number> {
  let got = await read();
  for (let i = 0; i < tries && got !== want; i++) {
    await new Promise((r) => setTimeout(r, 50));
    got = await read();
  }
  return got;
}
