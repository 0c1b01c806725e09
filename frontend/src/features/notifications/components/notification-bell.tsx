import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatBeijing } from '@/lib/time';
import { markRead, useNotifications, type BellItem } from '../api/get-notifications';
import { deliveryText, notificationText } from './notification-text';

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data = [] } = useNotifications();
  const unread = data.filter((n) => !n.read).length;

  const open = async (n: BellItem) => {
    if (!n.read) await markRead(n).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: ['notifications'] });
    if (n.link) void navigate(n.link);
  };

  const content = (
    <div style={{ width: 340, maxHeight: 420, overflow: 'auto' }}>
      {data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <List
          size="small"
          dataSource={data.slice(0, 30)}
          renderItem={(n) => {
            const text = notificationText(n, t);
            return (
              <List.Item style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }} onClick={() => void open(n)} data-testid="notification">
                <List.Item.Meta
                  title={text.title}
                  description={
                    <>
                      {text.body && <div>{text.body}</div>}
                      {n.deliveries.length > 0 && (
                        <div data-testid="delivery">
                          <Typography.Text type={n.deliveries.some((d) => d.state === 'failed') ? 'danger' : 'secondary'}>
                            {n.deliveries.map((d) => deliveryText(d, t)).join(' · ')}
                          </Typography.Text>
                        </div>
                      )}
                      <Typography.Text type="secondary">{formatBeijing(n.created_at)}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
    </div>
  );

  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" placement="bottomRight">
      <Badge count={unread} size="small">
        <Button type="text" shape="circle" icon={<BellOutlined />} aria-label={t('notifications.title')} />
      </Badge>
    </Popover>
  );
}
