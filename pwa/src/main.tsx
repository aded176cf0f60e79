import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app/App'
import { preloadRoute } from '@/app/routes'
import { applyTextSize, loadTextSize } from '@/app/textSize'
import './global.css'

// Before the first paint, so the chosen text size never flickers.
applyTextSize(loadTextSize(), false)

preloadRoute(window.location.pathname)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
