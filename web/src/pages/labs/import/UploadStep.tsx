import { Autocomplete, Button, FileInput, Group, NativeSelect, SimpleGrid, Stack } from '@mantine/core';
import { useState } from 'react';
import type { ResultFormat } from '../../../api/biobank-types.ts';
import { useLabMappings } from '../../../api/lab-queries.ts';
import { useT } from '../../../i18n/language.tsx';

export type Separator = '' | ',' | ';' | '\t';

export interface UploadChoice {
  file: File;
  format: ResultFormat;
  lab: string;
  separator: Separator;
}

const formats: ResultFormat[] = ['long', 'wide', 'olink'];
const separators: Separator[] = ['', ',', ';', '\t'];

/** Step 1: the file, its format, the laboratory it came from (whose saved mapping applies) and its separator. */
export function UploadStep({ onRead, reading }: { onRead: (choice: UploadChoice) => void; reading: boolean }) {
  const t = useT();
  const w = t.labImport;
  const mappings = useLabMappings();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ResultFormat>('long');
  const [lab, setLab] = useState('');
  const [separator, setSeparator] = useState<Separator>('');
  const labs = [...new Set((mappings.data ?? []).map((m) => m.lab))];

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (file !== null) onRead({ file, format, lab: lab.trim(), separator });
      }}
    >
      <Stack>
        <FileInput
          label={w.file}
          description={w.fileHint}
          placeholder={w.choose}
          accept=".csv,.txt,.tsv,text/csv,text/plain"
          required
          value={file}
          onChange={setFile}
          clearable
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label={w.format}
            description={w.formatHints[format]}
            value={format}
            onChange={(event) => setFormat(event.currentTarget.value as ResultFormat)}
            data={formats.map((value) => ({ value, label: w.formats[value] }))}
          />
          <Autocomplete label={w.lab} description={w.labHint} data={labs} value={lab} onChange={setLab} />
          <NativeSelect
            label={w.separator}
            value={separator}
            onChange={(event) => setSeparator(event.currentTarget.value as Separator)}
            data={separators.map((value) => ({
              value,
              label: w.separators[value === '\t' ? 'tab' : value === '' ? 'auto' : value],
            }))}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" disabled={file === null} loading={reading}>
            {w.read}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
