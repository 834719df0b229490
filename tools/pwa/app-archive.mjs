// The app's files (app.tar.gz, as `flet publish` packs them) read in JavaScript, while Python restores:
// unpacking them with Python's tarfile after it started took 40 to 180 ms of every start.
// Reads the tar formats Python's tarfile writes (ustar, GNU, pax) for files and folders; anything else
// (links, devices) is an error, and Flet's own worker then downloads and unpacks the archive itself.
const BLOCK = 512;
const decoder = new TextDecoder();
const text = (bytes) => {
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
};
const octal = (bytes) => parseInt(text(bytes).trim() || "0", 8);

function safePath(name) {
  const parts = name.split("/").filter((part) => part && part !== ".");
  if (parts.includes("..")) throw new Error(`app archive: unsafe path ${name}`);
  return parts.join("/");
}

function paxPath(data) {
  // records: "<length> <key>=<value>\n"
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const length = parseInt(text(data.subarray(at, space)), 10);
    if (!(length > 0)) break;
    const record = decoder.decode(data.subarray(space + 1, at + length - 1));
    if (record.startsWith("path=")) return record.slice(5);
    at += length;
  }
  return null;
}

// [{path, data}] for files and [{path, data: null}] for folders, in archive order.
export function untar(tar) {
  const entries = [];
  let longName = null;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break; // end of archive
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    if (data.length !== size) throw new Error("app archive: cut short");
    const prefix = text(header.subarray(257, 263)) === "ustar" ? text(header.subarray(345, 500)) : "";
    const name = longName || (prefix ? `${prefix}/` : "") + text(header.subarray(0, 100));
    longName = null;
    if (type === "L") longName = text(data);
    else if (type === "x") longName = paxPath(data);
    else if (type === "g") { /* global pax header: nothing we need */ }
    else if (type === "0" || type === "5") {
      const path = safePath(name);
      if (path) entries.push({ path, data: type === "5" ? null : data });
    } else throw new Error(`app archive: ${name} is not a file or folder (type ${type})`);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

export async function untarGzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return untar(new Uint8Array(await new Response(stream).arrayBuffer()));
}
