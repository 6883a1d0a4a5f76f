import { Alert, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useErrorText } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';

/** A dashboard's answer: a loader while it comes, the error if it fails, else its content. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  const errorText = useErrorText();
  if (query.isPending) return <Loader m="lg" aria-label={t.common.loading} />;
  if (query.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(query.error)}
      </Alert>
    );
  return children(query.data);
}
