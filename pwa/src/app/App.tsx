import { Suspense } from 'react'
import { BrowserRouter, Navigate, Route, Routes } from 'react-router'
import { ClientProvider } from '@/api/ClientProvider'
import { AuthProvider } from '@/auth/AuthProvider'
import { OutboxBanner } from '@/components/OutboxBanner/OutboxBanner'
import { Loading } from '@/components/PageState/PageState'
import { UpdatePrompt } from '@/components/UpdatePrompt/UpdatePrompt'
import { I18nProvider } from '@/i18n/I18nProvider'
import { OutboxProvider } from '@/outbox/OutboxProvider'
import { Guard } from './Guard'
import { HOME_PATH, ROUTES } from './routes'
import { WorkerNavigation } from './WorkerNavigation'

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <OutboxProvider>
          <BrowserRouter>
            <ClientProvider>
              <OutboxBanner />
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
            </ClientProvider>
            <WorkerNavigation />
            <UpdatePrompt />
          </BrowserRouter>
        </OutboxProvider>
      </AuthProvider>
    </I18nProvider>
  )
}
