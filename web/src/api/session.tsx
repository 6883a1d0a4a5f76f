import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLanguage, useT } from '../i18n/language.tsx';
import { api, setAuthLostHandler, setCsrfToken, isApiError, type BodyOf } from './client.ts';
import { authEndpoints } from './endpoints.ts';
import type { SessionView } from './types.ts';
import { useErrorText } from '../components/errors.ts';

export const sessionKey = ['session'] as const;

export type SessionNotice = 'expired' | 'signedOut' | null;

interface SessionState {
  /** null when nobody is signed in. */
  session: SessionView | null;
  notice: SessionNotice;
  signIn: (input: BodyOf<typeof authEndpoints.signIn>) => Promise<SessionView>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

async function fetchSession(): Promise<SessionView | null> {
  try {
    const session = await api.call(authEndpoints.session, {}, { handlesAuthErrors: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const errorText = useErrorText();
  const t = useT();
  const queryClient = useQueryClient();
  const { setLanguage } = useLanguage();
  const [notice, setNotice] = useState<SessionNotice>(null);
  const query = useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity, retry: 1 });

  const endSession = useCallback(
    (why: SessionNotice) => {
      setCsrfToken(null);
      setNotice(why);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, null);
    },
    [queryClient],
  );

  useEffect(() => {
    setAuthLostHandler((error) => {
      // A stale CSRF token (signed in again in another tab) or a pending password change: read the session anew.
      if (error.code === 'password_change_required' || error.code === 'csrf_failed') {
        void queryClient.invalidateQueries({ queryKey: sessionKey });
      } else endSession('expired');
    });
  }, [queryClient, endSession]);

  const userLanguage = query.data?.user.language;
  useEffect(() => {
    if (userLanguage !== undefined) setLanguage(userLanguage);
  }, [userLanguage, setLanguage]);

  const state = useMemo<SessionState>(
    () => ({
      session: query.data ?? null,
      notice,
      signIn: async (input) => {
        const session = await api.call(authEndpoints.signIn, { body: input }, { handlesAuthErrors: true });
        setCsrfToken(session.csrfToken);
        setNotice(null);
        queryClient.setQueryData(sessionKey, session);
        return session;
      },
      signOut: async () => {
        await api.call(authEndpoints.signOut, {}, { handlesAuthErrors: true }).catch(() => undefined);
        endSession('signedOut');
      },
      refresh: async () => {
        await queryClient.invalidateQueries({ queryKey: sessionKey });
      },
    }),
    [query.data, notice, queryClient, endSession],
  );

  if (query.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={t.common.loading} />
      </Center>
    );
  }
  if (query.isError) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Text role="alert">{errorText(query.error)}</Text>
          <Button onClick={() => void query.refetch()}>{t.common.retry}</Button>
        </Stack>
      </Center>
    );
  }
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) throw new Error('useSession needs a SessionProvider');
  return state;
}

/** For pages behind the sign-in: the session is there. */
export function useSignedIn(): SessionView {
  const { session } = useSession();
  if (session === null) throw new Error('useSignedIn outside the signed-in part of the app');
  return session;
}
