import { Select } from '@mantine/core';
import { useT } from '../i18n/language.tsx';
import { useCurrentSite } from './current-site.tsx';

/** `inline`: the label beside the field (header); otherwise above it (navigation on small screens). */
export function SiteSwitcher({ inline = false }: { inline?: boolean }) {
  const t = useT();
  const { sites, site, setSiteId, canSwitch } = useCurrentSite();
  if (!canSwitch) return null;
  return (
    <Select
      label={t.nav.currentSite}
      size={inline ? 'xs' : 'sm'}
      w={inline ? 250 : '100%'}
      allowDeselect={false}
      value={site === null ? null : String(site.id)}
      onChange={(value) => {
        if (value !== null) setSiteId(Number(value));
      }}
      data={sites.map((s) => ({ value: String(s.id), label: `${s.code} · ${s.name}` }))}
      styles={
        inline
          ? {
              root: { display: 'flex', alignItems: 'center', gap: 8 },
              label: { marginBottom: 0, fontWeight: 500 },
              wrapper: { flex: 1 },
            }
          : undefined
      }
    />
  );
}
