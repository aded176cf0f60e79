// Draws the app icons (a white "path with milestones" mark on the theme blue) as PNG files
// without any image library: shapes are signed-distance functions, 4x4 supersampled.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const OUT = fileURLToPath(new URL('../public/icons/', import.meta.url))
const BLUE = [22, 119, 255]
const WHITE = [255, 255, 255]

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0 // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r

function segment(ax, ay, bx, by, r) {
  return (x, y) => {
    const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay
    const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)))
    return Math.hypot(px - t * dx, py - t * dy) - r
  }
}

function roundedSquare(half, radius) {
  return (x, y) => {
    const qx = Math.abs(x - 0.5) - half + radius
    const qy = Math.abs(y - 0.5) - half + radius
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius
  }
}

// The mark in a unit square: a rising path through three milestones.
const NODES = [[0.24, 0.66], [0.45, 0.47], [0.6, 0.58], [0.78, 0.3]]
function mark(scale) {
  const at = ([x, y]) => [0.5 + (x - 0.5) * scale, 0.5 + (y - 0.5) * scale]
  const pts = NODES.map(at)
  const parts = []
  for (let i = 0; i < pts.length - 1; i++) parts.push(segment(...pts[i], ...pts[i + 1], 0.035 * scale))
  for (const i of [0, 3]) parts.push(circle(...pts[i], 0.075 * scale))
  return (x, y) => Math.min(...parts.map((f) => f(x, y)))
}

function draw(size, background, glyph) {
  const rgba = Buffer.alloc(size * size * 4)
  const n = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0, fg = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size
          const y = (py + (sy + 0.5) / n) / size
          if (background(x, y) <= 0) {
            bg++
            if (glyph(x, y) <= 0) fg++
          }
        }
      }
      const o = (py * size + px) * 4
      const t = bg ? fg / bg : 0
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(BLUE[c] * (1 - t) + WHITE[c] * t)
      rgba[o + 3] = Math.round((255 * bg) / (n * n))
    }
  }
  return encodePng(size, rgba)
}

const fullBleed = () => -1
const icons = [
  // "any" icons: a rounded tile on transparency.
  ['icon-192.png', 192, roundedSquare(0.46, 0.11), mark(1)],
  ['icon-512.png', 512, roundedSquare(0.46, 0.11), mark(1)],
  // maskable: full bleed, the mark kept inside the 80% safe circle.
  ['maskable-512.png', 512, fullBleed, mark(0.78)],
  // iOS rounds the corners itself.
  ['apple-touch-icon-180.png', 180, fullBleed, mark(0.9)],
]
for (const [name, size, background, glyph] of icons) {
  writeFileSync(OUT + name, draw(size, background, glyph))
  console.log(`wrote public/icons/${name}`)
}
