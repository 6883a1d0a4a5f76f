import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { FreezerNode, RackNode } from '../../api/biobank-types.ts';
import { useStorage } from '../../api/sample-queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { useAccess } from '../../layout/use-access.ts';
import { StorageModal, type StorageAddition } from './StorageForms.tsx';

/** The site's storage as a tree: freezers → racks or shelves → boxes, with used and free positions. */
export function StoragePage() {
  const t = useT();
  const s = t.storage;
  const errorText = useErrorText();
  const { site } = useCurrentSite();
  const access = useAccess();
  const storage = useStorage(site?.id ?? null);
  const [adding, setAdding] = useState<StorageAddition | null>(null);
  if (site === null) return <PageHeader title={s.title} intro={s.noSite} />;
  const canManage = access.manageStorage;

  return (
    <>
      <PageHeader
        title={s.title}
        intro={s.intro(site.name)}
        actions={
          canManage && <Button onClick={() => setAdding({ kind: 'freezer', siteId: site.id })}>{s.newFreezer}</Button>
        }
      />
      {storage.isPending && <Loader m="lg" aria-label={t.common.loading} />}
      {storage.isError && (
        <Alert color="red" role="alert">
          {errorText(storage.error)}
        </Alert>
      )}
      {storage.data?.length === 0 && <Text c="dimmed">{s.empty}</Text>}
      <Stack gap="lg">
        {storage.data?.map((freezer) => (
          <FreezerCard key={freezer.id} freezer={freezer} canManage={canManage} onAdd={setAdding} />
        ))}
      </Stack>
      <StorageModal addition={adding} onClose={() => setAdding(null)} />
    </>
  );
}

interface FreezerCardProps {
  freezer: FreezerNode;
  canManage: boolean;
  onAdd: (addition: StorageAddition) => void;
}

function FreezerCard({ freezer, canManage, onAdd }: FreezerCardProps) {
  const s = useT().storage;
  const used = freezer.racks.flatMap((r) => r.boxes).reduce((n, b) => n + b.used, 0);
  const free = freezer.racks.flatMap((r) => r.boxes).reduce((n, b) => n + b.free, 0);
  return (
    <Card withBorder radius="md" component="section" aria-label={freezer.name} data-testid={`freezer-${freezer.id}`}>
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          <Title order={2} size="h4">
            {freezer.name}
          </Title>
          <Badge variant="light" tt="none">
            {s.freezerKinds[freezer.kind]}
          </Badge>
          <Text size="sm" c="dimmed">
            {[freezer.location, s.usedFree(used, free)].filter((part) => part !== null).join(' · ')}
          </Text>
        </Group>
        {canManage && (
          <Button size="xs" variant="light" onClick={() => onAdd({ kind: 'rack', freezer })}>
            {s.newRack}
          </Button>
        )}
      </Group>
      {freezer.racks.length === 0 && <Text c="dimmed">{s.noRacks}</Text>}
      <Stack gap="md">
        {freezer.racks.map((rack) => (
          <RackBlock key={rack.id} rack={rack} canManage={canManage} onAdd={onAdd} />
        ))}
      </Stack>
    </Card>
  );
}

function RackBlock({
  rack,
  canManage,
  onAdd,
}: {
  rack: RackNode;
  canManage: boolean;
  onAdd: FreezerCardProps['onAdd'];
}) {
  const t = useT();
  const s = t.storage;
  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h5">
          {`${s.rackKinds[rack.kind]} · ${rack.name}`}
        </Title>
        {canManage && (
          <Button size="xs" variant="subtle" onClick={() => onAdd({ kind: 'box', rack })}>
            {s.newBox}
          </Button>
        )}
      </Group>
      {rack.boxes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {s.noBoxes}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={4}>
            <Table.Caption className="visually-hidden">{s.boxesCaption(rack.name)}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{s.box}</Table.Th>
                <Table.Th scope="col">{s.boxBarcode}</Table.Th>
                <Table.Th scope="col">{s.size}</Table.Th>
                <Table.Th scope="col">{s.used}</Table.Th>
                <Table.Th scope="col">{s.free}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rack.boxes.map((box) => (
                <Table.Tr key={box.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/storage/boxes/${box.id}`} aria-label={s.openBox(box.name)}>
                      {box.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{box.barcode}</Table.Td>
                  <Table.Td>{s.sizeText(box.rows, box.columns)}</Table.Td>
                  <Table.Td>{box.used}</Table.Td>
                  <Table.Td>{box.free}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </div>
  );
}
