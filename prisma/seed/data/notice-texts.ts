// The texts of the demo's templates and notices: Markdown with the template variables, in English and
// Traditional Chinese (rendered per recipient at send time).

export type NoticeText = { subjectEn: string; bodyEn: string; subjectZhTw: string; bodyZhTw: string };

export const RENEWAL_TEXT: NoticeText = {
  subjectEn: 'Your {{subscription.offerName}} subscription renews on {{subscription.endDate}}',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'The term of the following subscriptions that {{partner.name}} manages for you ends soon:',
    '',
    '{{subscriptions}}',
    '',
    'They renew automatically for another term unless you tell us otherwise. If you would like to change the number of licenses or move to another plan, please reply to this message before **{{subscription.endDate}}**.',
    '',
    'Kind regards,  ',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '您的 {{subscription.offerName}} 訂閱將於 {{subscription.endDate}} 續訂',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '{{partner.name}} 為您管理的下列訂閱，合約期間即將結束：',
    '',
    '{{subscriptions}}',
    '',
    '除非您另行通知，這些訂閱將自動續訂下一個期間。若您想變更授權數量或改用其他方案，請於 **{{subscription.endDate}}** 前回覆此郵件。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

export const PRICE_CHANGE_TEXT: NoticeText = {
  subjectEn: 'Price update for your Microsoft subscriptions from {{partner.name}}',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'Microsoft has announced new prices for some of the products you buy through {{partner.name}}. The new prices apply to the following subscriptions from their next renewal:',
    '',
    '{{subscriptions}}',
    '',
    'Your current price stays the same until the end of the current term. If you have any questions, reply to this message and we will be glad to help.',
    '',
    'Kind regards,  ',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{partner.name}}：您的 Microsoft 訂閱價格調整通知',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    'Microsoft 已公告部分產品的新價格。您透過 {{partner.name}} 購買的下列訂閱，將自下次續訂起適用新價格：',
    '',
    '{{subscriptions}}',
    '',
    '在目前的合約期間結束前，您的價格維持不變。如有任何問題，請直接回覆此郵件，我們將竭誠協助。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

export const SUSPENSION_TEXT: NoticeText = {
  subjectEn: 'Action needed: your {{subscription.offerName}} subscription is suspended',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'The following subscriptions are suspended because the latest invoice from {{partner.name}} is overdue:',
    '',
    '{{subscriptions}}',
    '',
    'Your data is kept, but users cannot use the service while it is suspended. Please settle the invoice or contact us to resume the subscription.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '請處理：您的 {{subscription.offerName}} 訂閱已暫停',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '由於 {{partner.name}} 的最新帳單已逾期，下列訂閱已暫停：',
    '',
    '{{subscriptions}}',
    '',
    '您的資料仍會保留，但暫停期間使用者無法使用服務。請儘速付款，或與我們聯絡以恢復訂閱。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

export const LICENSE_CHANGE_TEXT: NoticeText = {
  subjectEn: 'License count updated for {{customer.name}}',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'As you requested, {{partner.name}} has changed the number of licenses of the following subscriptions:',
    '',
    '{{subscriptions}}',
    '',
    'The change appears on your next invoice, prorated from today.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{customer.name}} 的授權數量已更新',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '依照您的要求，{{partner.name}} 已調整下列訂閱的授權數量：',
    '',
    '{{subscriptions}}',
    '',
    '此變更將自今日起按比例計費，並列於您的下一期帳單。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

export const BILLING_TEXT: NoticeText = {
  subjectEn: 'Your invoices from {{partner.name}} now come as PDF by email',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'From next month, {{partner.name}} sends your invoice for these subscriptions as a PDF to your billing contact instead of by post:',
    '',
    '{{subscriptions}}',
    '',
    'Nothing changes in what you pay or when. Reply to this message to send the invoices to another address.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{partner.name}} 帳單將改以 PDF 電子郵件寄送',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '自下個月起，{{partner.name}} 將以 PDF 電子郵件將下列訂閱的帳單寄給您的帳務聯絡人，不再郵寄紙本：',
    '',
    '{{subscriptions}}',
    '',
    '付款金額與期限均不變。若要將帳單寄至其他地址，請回覆此郵件。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

export const GENERAL_TEXT: NoticeText = {
  subjectEn: 'Your Microsoft cloud services with {{partner.name}}: what is new this quarter',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'Here is a short summary of the subscriptions that {{partner.name}} manages for you:',
    '',
    '{{subscriptions}}',
    '',
    'Microsoft may contact you directly about service incidents and operational matters; for anything about these subscriptions and their billing, please talk to us.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{partner.name}} 為您管理的 Microsoft 雲端服務：本季重點',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '以下是 {{partner.name}} 為您管理的訂閱摘要：',
    '',
    '{{subscriptions}}',
    '',
    'Microsoft 可能會就服務事件與營運事項直接與您聯絡；凡與這些訂閱及其帳務相關的事項，請與我們聯繫。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};
