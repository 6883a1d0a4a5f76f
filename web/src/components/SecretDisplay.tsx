import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { useT } from '../i18n/language.tsx';

interface SecretDisplayProps {
  label: string;
  secret: string;
  intro?: string;
}

/** A password or token the server shows only once: large, selectable, with a copy button. */
export function SecretDisplay({ label, secret, intro }: SecretDisplayProps) {
  const t = useT();
  const labelId = useId();
  return (
    <Alert color="yellow" variant="light" title={t.common.shownOnce}>
      <Stack gap="xs">
        {intro !== undefined && <Text size="sm">{intro}</Text>}
        <Text size="sm" fw={600} id={labelId}>
          {label}
        </Text>
        <Group gap="sm" wrap="nowrap" align="center">
          <Code
            aria-labelledby={labelId}
            data-testid="one-time-secret"
            fz="lg"
            px="sm"
            py={6}
            style={{ wordBreak: 'break-all', userSelect: 'all', flex: 1 }}
          >
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : 'blue'} onClick={copy}>
                {copied ? t.common.copied : t.common.copy}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
