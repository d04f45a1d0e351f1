import { screen } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { createTestQueryClient, meWith, renderWithApp } from "../../../test/render";
import {
  type ActivityDetail,
  type ActivitySignups,
  activityQuery,
  activitySignupsQuery,
} from "../api/activity-queries";
import { ActivityPage } from "./ActivityPage";

const counts = { confirmed: 2, waitlisted: 1, checkedIn: 1, checkedOut: 0, ratings: 1, ratingAverage: 4.5 };

const activity: ActivityDetail = {
  id: 31,
  organizationId: 5,
  organizationName: "东河镇团委",
  youthHomeId: 3,
  youthHomeName: "东河镇青年之家",
  title: "青年电商直播技能培训",
  description: null,
  place: "东河镇青年之家活动室",
  startsAt: "2026-12-06T06:30:00.000Z",
  endsAt: "2026-12-06T09:00:00.000Z",
  checkinOpensAt: "2026-12-06T06:00:00.000Z",
  checkinClosesAt: "2026-12-06T09:00:00.000Z",
  capacity: 2,
  seatsLeft: 0,
  audience: "14–35周岁青年",
  status: "published",
  publicToken: "signupTOKEN_1234567890",
  checkinToken: "checkinTOKEN_1234567890",
  counts,
  createdAt: "2026-12-01T02:00:00.000Z",
  photos: [],
};

const signups: ActivitySignups = {
  items: [
    {
      id: 1,
      name: "王小青",
      phone: "139****4321",
      memberId: null,
      status: "confirmed",
      waitlistPosition: null,
      checkedInAt: "2026-12-06T06:20:00.000Z",
      checkedOutAt: null,
      rating: 5,
      comment: "<b>很实用</b>",
      createdAt: "2026-12-05T12:00:00.000Z",
    },
    {
      id: 2,
      name: "李候补",
      phone: "158****0001",
      memberId: null,
      status: "waitlisted",
      waitlistPosition: 1,
      checkedInAt: null,
      checkedOutAt: null,
      rating: null,
      comment: null,
      createdAt: "2026-12-05T13:00:00.000Z",
    },
  ],
} as ActivitySignups;

function renderActivity(permissions: readonly string[]) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(activityQuery(31).queryKey, activity);
  queryClient.setQueryData(activitySignupsQuery(31).queryKey, signups);
  return renderWithApp(
    <Routes>
      <Route path="/orgs/:orgId/activities/:activityId" element={<ActivityPage />} />
    </Routes>,
    { me: meWith([...permissions] as never), path: "/orgs/5/activities/31", queryClient },
  );
}

describe("ActivityPage (staff)", () => {
  it("shows the links, the check-in QR code, the counts and the sign-ups as the server sent them (phones masked)", () => {
    renderActivity(ROLE_PERMISSIONS.branch_secretary);
    expect((screen.getByTestId("activity-signup-link") as HTMLInputElement).value).toMatch(
      /\/p\/activities\/signupTOKEN_1234567890$/,
    );
    expect(screen.getByTestId("activity-checkin-link").textContent).toMatch(
      /\/p\/checkin\/checkinTOKEN_1234567890$/,
    );
    expect(screen.getByTestId("activity-checkin-qr")).toBeTruthy();
    expect(screen.getByText("139****4321")).toBeTruthy();
    expect(screen.getByText("候补 #1")).toBeTruthy();
    // A comment is data: shown as text, never as HTML.
    expect(screen.getByText("<b>很实用</b>")).toBeTruthy();
    expect(screen.getByText("取消活动")).toBeTruthy();
  });

  it("offers no cancel or upload to a role that only reads", () => {
    renderActivity(["organization:read", "youth_home:read"]);
    expect(screen.queryByText("取消活动")).toBeNull();
    expect(screen.queryByText("上传照片")).toBeNull();
  });
});
