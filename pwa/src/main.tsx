import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app/App'
import { applyTextSize, loadTextSize } from '@/app/textSize'
import './global.css'

// Before the first paint, so the chosen text size never flickers.
applyTextSize(loadTextSize(), false)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
