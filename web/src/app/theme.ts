import type { ThemeConfig } from 'antd';

/**
 * The colours of the app. antd's default secondary grey (#8c8c8c on white, 3.4:1) fails the
 * WCAG AA contrast that axe checks; the greys here are darker so every text reaches 4.5:1.
 */
export const theme: ThemeConfig = {
  // Zero-runtime: antd's component styles come from its prebuilt CSS file instead of being
  // generated in the browser on first render — that generation was most of the time the inbox
  // took to show its first page on a slow phone. Tokens still apply, as CSS variables.
  zeroRuntime: true,
  token: {
    colorPrimary: '#1554ad',
    colorLink: '#1554ad',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorError: '#c41d1f',
    // The tints antd derives from these dark (high-contrast) colours come out murky; light ones
    // keep alerts readable and calm.
    colorSuccessBg: '#f0f9eb',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffccc7',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.5)',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
};
