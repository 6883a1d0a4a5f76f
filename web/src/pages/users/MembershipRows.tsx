import { Button, CloseButton, Group, NativeSelect, Stack, Text } from '@mantine/core';
import type { FormArrayElement, UseFormReturnType } from '@mantine/form';
import { roles, type Role } from '../../../../src/core/permissions.ts';
import type { MembershipInput, SiteView } from '../../api/types.ts';
import type { Messages } from '../../i18n/en.ts';
import { useT } from '../../i18n/language.tsx';

/** One role-at-a-site line of the form; `siteId` is 'all' or a site id, `role` is '' until chosen. */
export interface MembershipRow {
  siteId: string;
  role: Role | '';
}

export function toRows(memberships: readonly MembershipInput[]): MembershipRow[] {
  return memberships.map((m) => ({ siteId: m.siteId === null ? 'all' : String(m.siteId), role: m.role }));
}

export function toMemberships(rows: readonly MembershipRow[]): MembershipInput[] {
  return rows
    .filter((row): row is { siteId: string; role: Role } => row.role !== '')
    .map((row) => ({ siteId: row.siteId === 'all' ? null : Number(row.siteId), role: row.role }));
}

function newRow(siteId: string): MembershipRow {
  return { siteId, role: '' };
}

/** Form validation for the rows: every row needs a role. */
export function validateRows(t: Messages) {
  return { role: (value: string) => (value === '' ? t.users.chooseRole : null) };
}

interface MembershipRowsProps<T extends { memberships: MembershipRow[] }> {
  form: UseFormReturnType<T>;
  sites: readonly SiteView[];
  defaultSiteId: string;
}

export function MembershipRows<T extends { memberships: MembershipRow[] }>({
  form,
  sites,
  defaultSiteId,
}: MembershipRowsProps<T>) {
  const t = useT();
  const rows = form.getValues().memberships;
  const siteOptions = [
    { value: 'all', label: t.common.allSites },
    ...sites.map((s) => {
      const label = `${s.code} · ${s.name}`;
      return { value: String(s.id), label: s.disabledAt === null ? label : t.users.siteDisabled(label) };
    }),
  ];
  const roleOptions = [
    { value: '', label: t.users.choose, disabled: true },
    ...roles.map((r) => ({ value: r, label: t.roles[r] })),
  ];
  const rootError = form.errors.memberships;

  return (
    <Stack gap="xs">
      <Text size="sm" fw={500} component="div">
        {t.users.roles}
      </Text>
      {rows.map((_, index) => (
        <Group key={index} align="flex-start" gap="sm" wrap="nowrap">
          <NativeSelect
            label={t.users.site}
            data={siteOptions}
            style={{ flex: 1 }}
            {...form.getInputProps(`memberships.${index}.siteId`)}
          />
          <NativeSelect
            label={t.users.role}
            data={roleOptions}
            style={{ flex: 1 }}
            {...form.getInputProps(`memberships.${index}.role`)}
          />
          <CloseButton
            mt={28}
            aria-label={t.users.removeRole(index + 1)}
            disabled={rows.length === 1}
            onClick={() => form.removeListItem('memberships', index)}
          />
        </Group>
      ))}
      {rootError !== undefined && (
        <Text size="sm" c="red" role="alert">
          {rootError}
        </Text>
      )}
      <Button
        variant="subtle"
        size="xs"
        w="fit-content"
        onClick={() => form.insertListItem('memberships', newRow(defaultSiteId) as FormArrayElement<T, 'memberships'>)}
      >
        {t.users.addRole}
      </Button>
    </Stack>
  );
}
