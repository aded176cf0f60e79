import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app/App'
import { preloadRoute } from '@/app/routes'
import { applyTextSize, loadTextSize } from '@/app/textSize'
import './global.css'

// Before the first paint, so the chosen text size never flickers.
applyTextSize(loadTextSize(), false)

// In a task of its own: Vite's preload adds a link per chunk and stylesheet of the screen (about a
// millisecond each when a service worker answers), which would lengthen the entry's evaluation.
setTimeout(() => preloadRoute(window.location.pathname), 0)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
