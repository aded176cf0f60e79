import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    // Logic runs in Node; screens (*.test.tsx) in happy-dom, each file saying so in its first line.
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // antd-mobile's CommonJS build requires its CSS: Vite handles it instead of Node.
    server: { deps: { inline: ['antd-mobile'] } },
  },
})
