// The problems an import reports: by line and column, as codes that the UI words in each language.

import type { CsvErrorCode } from '../csv-parse';

export type ImportIssueCode =
  | `csv.${CsvErrorCode}`
  | 'noRows'
  | 'missingColumn'
  | 'missingCustomerColumn'
  | 'duplicateColumn'
  | 'extraFields'
  | 'required'
  | 'tooLong'
  | 'controlCharacters'
  | 'tenantIdInvalid'
  | 'domainInvalid'
  | 'relationshipInvalid'
  | 'cloudInvalid'
  | 'cloudRetired'
  | 'languageInvalid'
  | 'emailInvalid'
  | 'roleInvalid'
  | 'quantityInvalid'
  | 'statusInvalid'
  | 'termInvalid'
  | 'billingCycleInvalid'
  | 'billingCycleTerm'
  | 'dateInvalid'
  | 'endBeforeStart'
  | 'autoRenewInvalid'
  | 'customerRequired'
  | 'duplicateInFile'
  | 'customerNotFound'
  | 'customerAmbiguous'
  | 'customerMismatch'
  | 'subscriptionAmbiguous';

/**
 * One problem: where (line of the file, 1 = header; column 1-based and its header text, when
 * the problem is one cell), what (a code the UI words in each language), the cell's value and
 * parameters of the message (`limit`, `firstLine`, `column` names).
 */
export type ImportIssue = {
  line: number;
  column: number | null;
  header: string | null;
  code: ImportIssueCode;
  value: string | null;
  params?: Record<string, string | number>;
};
