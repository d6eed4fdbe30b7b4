package io.camreasoner.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.TransitionType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgrammeRendererTest {

  private static ClipSpec spec(MotionLabel label, int frames, long seed) {
    return ClipSpec.of(
        SceneKind.LAYERED_3D, CameraMotion.STATIC.plus(label, 8), 96, 54, 25, frames, seed);
  }

  private static double mean(byte[] px) {
    long sum = 0;
    for (byte b : px) {
      sum += b & 0xff;
    }
    return sum / (double) px.length;
  }

  @Test
  void shouldRenderDissolveAsCrossFadeOfBothShotsWhenProgrammeDissolves() {
    // shot 0 alone 0-9, dissolve 10-13, shot 1 alone 14-23; each spec covers the dissolve
    ClipSpec a = spec(MotionLabel.PAN_LEFT, 14, 1);
    ClipSpec b = spec(MotionLabel.TILT_UP, 14, 2);
    Programme p =
        new Programme(
            "d",
            96,
            54,
            25,
            List.of(
                new Programme.Shot(0, 0, 10, a, 0, Programme.View.FULL),
                new Programme.Shot(1, 14, 24, b, 10, Programme.View.FULL)),
            List.of(new Programme.Transition(TransitionType.DISSOLVE, 10, 14, 4)));
    assertThat(p.frames()).isEqualTo(24);
    assertThat(p.cuts()).isEmpty();
    try (ProgrammeRenderer r = new ProgrammeRenderer(p);
        ClipRenderer ra = new ClipRenderer(a);
        ClipRenderer rb = new ClipRenderer(b)) {
      byte[] mid = r.renderBgr(11); // alpha 2/5
      byte[] fromA = ra.renderBgr(11);
      byte[] fromB = rb.renderBgr(1);
      for (int i = 0; i < mid.length; i += 97) {
        double expected = 0.6 * (fromA[i] & 0xff) + 0.4 * (fromB[i] & 0xff);
        assertThat((double) (mid[i] & 0xff))
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
      }
      assertThat(r.renderBgr(9)).isEqualTo(ra.renderBgr(9));
      assertThat(r.renderBgr(14)).isEqualTo(rb.renderBgr(4));
    }
  }

  @Test
  void shouldDarkenToBlackAndBrightenBackWhenProgrammeDipsToBlack() {
    ClipSpec a = spec(MotionLabel.PAN_LEFT, 14, 1);
    ClipSpec b = spec(MotionLabel.TILT_UP, 14, 2);
    // fade-out 10-15 (ramp 4: frame 13 is black, 14 held), fade-in 15-19 (ramp 4), shot 1 from 19
    Programme p =
        new Programme(
            "f",
            96,
            54,
            25,
            List.of(
                new Programme.Shot(0, 0, 10, a, 0, Programme.View.FULL),
                new Programme.Shot(1, 19, 29, b, 15, Programme.View.FULL)),
            List.of(
                new Programme.Transition(TransitionType.FADE_OUT, 10, 15, 4),
                new Programme.Transition(TransitionType.FADE_IN, 15, 19, 4)));
    try (ProgrammeRenderer r = new ProgrammeRenderer(p)) {
      double[] means = new double[p.frames()];
      for (int f = 0; f < p.frames(); f++) {
        means[f] = mean(r.renderBgr(f));
      }
      assertThat(means[10]).isLessThan(means[9]);
      assertThat(means[12]).isLessThan(means[11]).isGreaterThan(0);
      assertThat(means[13]).isZero();
      assertThat(means[14]).isZero();
      assertThat(means[15]).isGreaterThan(0).isLessThan(means[16]);
      assertThat(means[18]).isLessThan(means[19]);
    }
  }

  @Test
  void shouldRejectProgrammeWhenShotsMeetWithoutTransitionOrSpecIsTooShort() {
    ClipSpec a = spec(MotionLabel.PAN_LEFT, 10, 1);
    assertThatThrownBy(
            () ->
                new Programme(
                    "x",
                    96,
                    54,
                    25,
                    List.of(new Programme.Shot(0, 0, 10, a), new Programme.Shot(1, 10, 20, a)),
                    List.of()))
        .hasMessageContaining("meet without a transition");
    assertThatThrownBy(
            () ->
                new Programme(
                    "x",
                    96,
                    54,
                    25,
                    List.of(
                        new Programme.Shot(0, 0, 10, a),
                        new Programme.Shot(1, 14, 24, a, 14, Programme.View.FULL)),
                    List.of(new Programme.Transition(TransitionType.DISSOLVE, 10, 14, 4))))
        .hasMessageContaining("outside its spec's frames");
  }

  @Test
  void shouldTileProgrammeWithShotsAndTransitionsWhenEditedProgrammesAreDrawn() {
    for (long seed = 1; seed <= 20; seed++) {
      Programme p =
          ProgrammeGenerator.edited(seed, "e", 6, 96, 54, 25, 3.0, ProgrammeGenerator.Edit.mixed());
      // the constructor checked the tiling and the specs' coverage; check the labels agree
      LabelsJson.ClipLabels labels = LabelsJson.of("e.mp4", p);
      assertThat(labels.transitions()).hasSize(p.transitions().size());
      assertThat(labels.cuts())
          .isEqualTo(
              labels.transitions().stream()
                  .filter(t -> t.type().equals("cut"))
                  .map(LabelsJson.TransitionLabels::startFrame)
                  .toList());
      assertThat(p.transitions().get(0).type()).isEqualTo(TransitionType.FADE_IN);
      assertThat(p.transitions().get(0).startFrame()).isZero();
      assertThat(p.transitions().get(p.transitions().size() - 1).endFrame()).isEqualTo(p.frames());
    }
    // same seed, same programme
    assertThat(
            ProgrammeGenerator.edited(7, "e", 6, 96, 54, 25, 3.0, ProgrammeGenerator.Edit.mixed()))
        .isEqualTo(
            ProgrammeGenerator.edited(7, "e", 6, 96, 54, 25, 3.0, ProgrammeGenerator.Edit.mixed()));
  }

  @Test
  void shouldShowSameSceneFramedAnotherWayWhenShotsAreJoinedBySimilarCuts() {
    for (long seed = 1; seed <= 10; seed++) {
      Programme p =
          ProgrammeGenerator.edited(
              seed,
              "s",
              4,
              96,
              54,
              25,
              3.0,
              ProgrammeGenerator.Edit.of(ProgrammeGenerator.Join.SIMILAR_CUT));
      assertThat(p.cuts()).hasSize(3);
      for (int i = 1; i < 4; i++) {
        Programme.Shot before = p.shots().get(i - 1);
        Programme.Shot after = p.shots().get(i);
        assertThat(after.spec().seed()).isEqualTo(before.spec().seed());
        assertThat(after.spec().scene()).isEqualTo(before.spec().scene());
        boolean jump =
            after.spec().motion().equals(before.spec().motion())
                && after.specStart() < after.startFrame();
        assertThat(jump || !after.view().equals(before.view()))
            .as("shot %d of seed %d", i, seed)
            .isTrue();
      }
    }
  }
}
