// JSON desired lists only, until the project's inventory reader is merged.
export function parseInventory(text, { source = 'input' } = {}) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { rows: [], errors: [{ line: 1, message: `${source}: not JSON (${e.message})` }] };
  }
  if (!Array.isArray(data)) return { rows: [], errors: [{ line: 1, message: `${source}: must be an array` }] };
  const rows = [];
  const errors = [];
  data.forEach((item, i) => {
    if (item && typeof item === 'object') rows.push({ line: i + 1, ip: item.ip, vendor: item.vendor, region: item.region });
    else errors.push({ line: i + 1, message: `${source}[${i}]: must be an object` });
  });
  return { rows, errors };
}
