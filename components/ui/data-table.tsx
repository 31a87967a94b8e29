import type { ReactNode } from 'react';

export type Column = string | { label: string; className: string };

/** A scrollable table with a (screen-reader) caption and a head row of `<th scope="col">`; the rows are its children. */
export function DataTable({
  caption,
  columns,
  cellClass,
  className = '',
  children,
}: {
  caption: string;
  columns: readonly Column[];
  cellClass: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`overflow-x-auto ${className}`.trim()}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-neutral-50">
          <tr>
            {columns.map((column) => {
              const { label, className: extra } = typeof column === 'string' ? { label: column, className: '' } : column;
              return (
                <th key={label} scope="col" className={`${cellClass} ${extra}`.trim()}>
                  {label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
