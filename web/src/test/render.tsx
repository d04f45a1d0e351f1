import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { ConfigProvider } from "antd";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { AntdProvider } from "../AntdProvider";
import { queryKeys } from "../api/query-keys";
import type { Me } from "../api/types";
import { LocaleProvider } from "../i18n/LocaleProvider";

/** A query client for one test: no retries, nothing refetched behind the test's back. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: Number.POSITIVE_INFINITY },
      mutations: { retry: false },
    },
  });
}

interface RenderOptions {
  /** The signed-in user (/me), as `useMe` reads it; none by default. */
  me?: Me;
  /** The URL the router starts at. */
  path?: string;
  queryClient?: QueryClient;
}

/** Renders `ui` inside the app's providers (zh-CN, the antd theme, a query client, a memory router). */
export function renderWithApp(ui: ReactElement, options: RenderOptions = {}) {
  const queryClient = options.queryClient ?? createTestQueryClient();
  if (options.me) queryClient.setQueryData(queryKeys.me, options.me);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <LocaleProvider>
      <AntdProvider>
        {/* No animations: a closing popup or tag is gone at once. */}
        <ConfigProvider theme={{ token: { motion: false } }}>
          <QueryClientProvider client={queryClient}>
            <MemoryRouter initialEntries={[options.path ?? "/"]}>{children}</MemoryRouter>
          </QueryClientProvider>
        </ConfigProvider>
      </AntdProvider>
    </LocaleProvider>
  );
  return { queryClient, ...render(ui, { wrapper }) };
}

/** A signed-in user with the given permissions, scoped to organization 1 (测试县团委). */
export function meWith(permissions: Me["permissions"], roles: Me["roles"] = []): Me {
  return {
    id: 7,
    username: "tester",
    displayName: "测试用户",
    roles,
    scopeRoot: { id: 1, name: "测试县团委", path: "1/" },
    permissions,
    csrfToken: "test-token",
    mustChangePassword: false,
  };
}
