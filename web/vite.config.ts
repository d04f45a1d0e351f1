import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The web app: `npm run dev -w web` proxies /api to the server on :3000; `npm run build -w web` writes web/dist. */
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: "http://localhost:3000", changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // antd alone is ~960 kB minified (~310 kB gzip); ECharts loads only with the dashboard.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: "antd", test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs)[\\/]/ },
            { name: "echarts", test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/ },
          ],
        },
      },
    },
  },
});
