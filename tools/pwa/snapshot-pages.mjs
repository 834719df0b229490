// The start-up snapshot as the service worker keeps it (snapshot-worker.mjs makes it, pyodide-loader.mjs
// restores it): Python's memory with its all-zero pages left out (a third of it), not compressed.
// Copying the pages back takes milliseconds; unzipping a gzip of it took 0.2 to 0.5 s per start.
// Layout: "CPS1", then page size, memory size and page count (uint32 in the platform's byte order: the
// same browser makes and reads it), one byte per page (1: its bytes follow), then those pages in order.
const MAGIC = 0x31535043; // "CPS1"
const PAGE = 4096;
const HEADER = 16;

export function packPages(memory) {
  const count = Math.ceil(memory.length / PAGE);
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.byteOffset % 4 ? 0 : memory.length >> 2);
  const blank = (start, end) => {
    const wordsEnd = Math.max(start, Math.min(end, words.length * 4));
    for (let i = start; i < wordsEnd; i += 4) if (words[i >> 2]) return false;
    for (let i = wordsEnd; i < end; i++) if (memory[i]) return false;
    return true;
  };
  const kept = new Uint8Array(count).map((_, page) => (blank(page * PAGE, Math.min((page + 1) * PAGE, memory.length)) ? 0 : 1));
  const out = new Uint8Array(HEADER + count + kept.reduce((sum, k) => sum + k, 0) * PAGE);
  new Uint32Array(out.buffer, 0, 4).set([MAGIC, PAGE, memory.length, count]);
  out.set(kept, HEADER);
  let at = HEADER + count;
  kept.forEach((k, page) => {
    if (!k) return;
    out.set(memory.subarray(page * PAGE, (page + 1) * PAGE), at);
    at += PAGE;
  });
  return out;
}

export function unpackPages(buffer) {
  const wrong = () => new Error("not a start-up snapshot of this app");
  if (buffer.byteLength < HEADER) throw wrong();
  const [magic, page, size, count] = new Uint32Array(buffer, 0, 4);
  if (magic !== MAGIC || page !== PAGE || count !== Math.ceil(size / PAGE) || buffer.byteLength < HEADER + count) {
    throw wrong();
  }
  const kept = new Uint8Array(buffer, HEADER, count);
  if (buffer.byteLength !== HEADER + count + kept.reduce((sum, k) => sum + k, 0) * PAGE) throw wrong();
  const memory = new Uint8Array(size);
  const from = new Uint8Array(buffer, HEADER + count);
  let at = 0;
  kept.forEach((k, i) => {
    if (!k) return;
    memory.set(from.subarray(at, at + Math.min(PAGE, size - i * PAGE)), i * PAGE);
    at += PAGE;
  });
  return memory;
}
