import { message } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { createContext, useContext, type ReactNode } from 'react';

// antd's <App> would also pull Modal and notification into the entry chunk; only toasts are
// needed everywhere, so they get their own small context.
const MessageContext = createContext<MessageInstance | null>(null);

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [api, holder] = message.useMessage();
  return (
    <MessageContext.Provider value={api}>
      {holder}
      {children}
    </MessageContext.Provider>
  );
}

export function useMessage(): MessageInstance {
  const api = useContext(MessageContext);
  if (!api) throw new Error('useMessage outside FeedbackProvider');
  return api;
}
