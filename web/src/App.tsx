import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { BrowserRouter } from "react-router";
import { AntdProvider } from "./AntdProvider";
import { AppRoutes } from "./AppRoutes";
import { LocaleProvider } from "./i18n/LocaleProvider";
import { createQueryClient } from "./query-client";

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <LocaleProvider>
      <AntdProvider>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </AntdProvider>
    </LocaleProvider>
  );
}
