/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-assets.h"
#include "hanji-front-matter.h"
#include "hanji-lint.h"
#include "hanji-markdown.h"
#include "hanji-new-post.h"
#include "hanji-session.h"
#include "hanji-site-search.h"
#include "hanji-site.h"
#include "hanji-text-file.h"
#include "hanji-text-stats.h"
#include "hanji-front-matter-edit.h"
