/** A table's head row: one `<th scope="col">` per column, in the given classes. */
export function ColumnHeads({
  columns,
  cellClass,
}: {
  columns: readonly (string | { label: string; className: string })[];
  cellClass: string;
}) {
  return (
    <thead className="bg-neutral-50">
      <tr>
        {columns.map((column) => {
          const { label, className } = typeof column === 'string' ? { label: column, className: '' } : column;
          return (
            <th key={label} scope="col" className={`${cellClass} ${className}`.trim()}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
