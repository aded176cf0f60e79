import { Suspense } from 'react'
import { BrowserRouter, Navigate, Route, Routes } from 'react-router'
import { AuthProvider } from '@/auth/AuthProvider'
import { Loading } from '@/components/PageState/PageState'
import { UpdatePrompt } from '@/components/UpdatePrompt/UpdatePrompt'
import { I18nProvider } from '@/i18n/I18nProvider'
import { Guard } from './Guard'
import { HOME_PATH, ROUTES } from './routes'

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <Suspense fallback={<Loading />}>
            <Routes>
              {ROUTES.map(({ path, access, Page }) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <Guard access={access}>
                      <Page />
                    </Guard>
                  }
                />
              ))}
              <Route path="*" element={<Navigate to={HOME_PATH} replace />} />
            </Routes>
          </Suspense>
          <UpdatePrompt />
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  )
}
